/**
 * Property tests run with a fixed fast-check seed so CI is deterministic; set FC_SEED to explore
 * other seeds locally (e.g. FC_SEED=$RANDOM npm test).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20240101) });
