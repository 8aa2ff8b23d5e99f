"""
Reference for test/io/icio-oecd-split.test.ts (issue 18): a small table in OECD ICIO's 2021 CSV layout
with China and Mexico split into parts (CN1, CN2; MX1, MX2 — rows and columns after ROW, the CHN_/MEX_
rows and columns present but zero, final demand and TLS/VA/OUT for CHN and MEX only), and the same table
aggregated here by summing each part's rows and columns into CHN / MEX (plain Python, no nqpf).
Integers, so both tables balance exactly. Writes oecd_split_2021.csv and oecd_split_aggregated.csv beside
itself. Run: python3 test/reference/gvc/oecd_split.py
"""
import os
import random

random.seed(18)
ECON = ['USA', 'CHN', 'MEX', 'ROW']
PARTS = {'CHN': ['CN1', 'CN2'], 'MEX': ['MX1', 'MX2']}
IND = ['D01T02', 'D26']
CATS = ['HFCE', 'INVNT']
split_econ = ECON + ['MX1', 'MX2', 'CN1', 'CN2']  # OECD 2021 order: parts after ROW
sectors = [f'{e}_{i}' for e in split_econ for i in IND]
fd = [f'{e}_{c}' for e in ECON for c in CATS]
empty = lambda s: s.split('_')[0] in PARTS  # CHN_/MEX_ lines are zero in the split file
n = len(sectors)
Z = [[0 if empty(r) or empty(c) else random.randint(0, 9) for c in sectors] for r in sectors]
Y = [[0 if empty(r) else (random.randint(20, 60) if c.endswith('HFCE') else random.randint(-3, 4)) for c in fd] for r in sectors]
X = [sum(Z[i]) + sum(Y[i]) for i in range(n)]
TLS = [0 if empty(c) else random.randint(0, 3) for c in sectors]
VA = [X[j] - sum(Z[i][j] for i in range(n)) - TLS[j] for j in range(n)]
assert all(v >= 0 for v in VA)

def csv(rows_lab, cols_lab, Zm, Ym, Xv, TLSv, VAv):
    out = [','.join(['V1'] + cols_lab + fd + ['OUT'])]
    for i, r in enumerate(rows_lab):
        out.append(','.join([r] + [str(v) for v in Zm[i]] + [str(v) for v in Ym[i]] + [str(Xv[i])]))
    for lab, v in (('TLS', TLSv), ('VA', VAv), ('OUT', Xv)):
        out.append(','.join([lab] + [str(x) for x in v] + ['' for _ in fd] + ['']))
    return '\n'.join(out) + '\n'

split_csv = csv(sectors, sectors, Z, Y, X, TLS, VA)
# aggregate: the target line of a split sector is its economy's line of the same industry
agg = [f'{e}_{i}' for e in ECON for i in IND]
def target(s):
    e, i = s.split('_')
    for k, ps in PARTS.items():
        if e in ps: return f'{k}_{i}'
    return s
m = len(agg)
ix = {s: agg.index(target(s)) for s in sectors}
Za = [[0] * m for _ in range(m)]
Ya = [[0] * len(fd) for _ in range(m)]
Xa = [0] * m; TLSa = [0] * m; VAa = [0] * m
for i, r in enumerate(sectors):
    for j, c in enumerate(sectors): Za[ix[r]][ix[c]] += Z[i][j]
    for k in range(len(fd)): Ya[ix[r]][k] += Y[i][k]
    Xa[ix[r]] += X[i]; TLSa[ix[r]] += TLS[i]; VAa[ix[r]] += VA[i]
agg_csv = csv(agg, agg, Za, Ya, Xa, TLSa, VAa)
here = os.path.dirname(os.path.abspath(__file__))
for name, text in (('oecd_split_2021.csv', split_csv), ('oecd_split_aggregated.csv', agg_csv)):
    with open(os.path.join(here, name), 'w') as f:
        f.write(text)
