# Makes the fixtures in ../special.test.ts. Run once by hand (python3 special.py > out.txt; mpmath 1.3.0,
# SciPy 1.17.1); the product and its tests never call Python.
#
# Values: mpmath's loggamma and digamma at 50 significant digits, rounded to the nearest double. Each is
# checked against SciPy (gammaln, psi: the Cephes code), a second implementation independent of both
# mpmath and Exemplar; the script stops if the two differ by more than 2 units in the last place or
# 1e-15 absolute. (SciPy alone is the weaker source near lgamma's zeros: at x = 1.0001 it is off by 4,000
# ulp, though only 3e-17 absolute.)
#
# Arguments cover what Exemplar evaluates: lgamma(a + k) and digamma(a + k) for pseudo-counts a > 0 (α
# learned in [1e-4, 100], λ, λ(1 + c), λV, S·α, …) plus integer counts k up to about a million cases, with
# 1e-8 and 1e8 as outer ends; the places where special.ts changes method (x = 0.5 for lgamma's reflection,
# x = 6 for digamma's recurrence) and the zeros (lgamma at 1 and 2, digamma at 1.4616…), where only an
# absolute error makes sense. Negative arguments never occur and are not covered.
import mpmath
import numpy as np
import scipy
from scipy import special

mpmath.mp.dps = 50

xs = sorted(set(
    [float(10.0 ** (k / 2)) for k in range(-16, 17)]            # 1e-8 … 1e8, half decades
    + [0.5 - 1e-9, 0.5, 0.5 + 1e-9, 0.6, 0.7, 0.9, 0.999, 1.0, 1.0001, 1.001, 1.2, 1.3, 1.4616321449683622, 1.5,
       1.8, 1.999, 2.0, 2.001, 2.4, 2.5, 3.0, 3.4, 5.999999, 6.0, 6.000001, 7.5, 10.0, 12.345, 50.5, 171.5]
    + [a + k for a in (1e-4, 0.3, 2.4) for k in (10, 1000, 100000, 1000000)]
))

rows = []
worst_ulp = worst_abs = 0.0  # SciPy against mpmath: in ulp where |value| >= 1, absolute where it is below
for x in xs:
    lg = float(mpmath.loggamma(mpmath.mpf(x)))
    dg = float(mpmath.digamma(mpmath.mpf(x)))
    for exact, other in ((lg, float(special.gammaln(x))), (dg, float(special.psi(x)))):
        err = abs(other - exact)
        ulp = np.spacing(abs(exact))
        assert err <= max(2 * ulp, 1e-15), (x, exact, other)
        if abs(exact) >= 1:
            worst_ulp = max(worst_ulp, err / ulp)
        else:
            worst_abs = max(worst_abs, err)
    rows.append((x, lg, dg))

print(f'// mpmath {mpmath.__version__} at 50 digits, rounded to double; SciPy {scipy.__version__} agrees within')
print(f'// {worst_ulp:.1f} ulp where |value| >= 1 and within {worst_abs:.1e} absolute elsewhere')
print('// [x, lgamma(x), digamma(x)]')
print('const REFERENCE: [number, number, number][] = [')
for x, lg, dg in rows:
    print(f'  [{x!r}, {lg!r}, {dg!r}],')
print('];')
