# Makes the fixtures in ../rhat.test.ts. Run once by hand (numpy 1.24.2, scipy 1.10.1); the product and its
# tests never call Python.
# Independent numpy/scipy implementation of split-R-hat (BDA3 11.4), rank-normalised R-hat and ESS
# (Vehtari et al. 2021), written from the paper and ArviZ's published formulas; autocovariance by FFT.
import numpy as np
from scipy import stats
def split(a):
    h = a.shape[1] // 2
    return np.vstack([a[:, :h], a[:, -h:]])
def rhat(a):
    n = a.shape[1]
    B = n * np.var(a.mean(1), ddof=1)
    W = np.mean(np.var(a, axis=1, ddof=1))
    return np.sqrt(((n - 1) / n * W + B / n) / W)
def z(a):
    r = stats.rankdata(a, method='average').reshape(a.shape)
    return stats.norm.ppf((r - 0.375) / (a.size + 0.25))
def autocov(a):
    n = a.shape[1]
    x = a - a.mean(1, keepdims=True)
    f = np.fft.rfft(x, n=2 * n, axis=1)
    return np.fft.irfft(f * np.conj(f), n=2 * n, axis=1)[:, :n] / n
def ess(a):
    m, n = a.shape
    acov = autocov(a)
    mean_var = acov[:, 0].mean() * n / (n - 1)
    var_plus = mean_var * (n - 1) / n + (np.var(a.mean(1), ddof=1) if m > 1 else 0)
    rho = np.zeros(n); rho[0] = 1
    ev, od = 1.0, 1 - (mean_var - acov[:, 1].mean()) / var_plus
    rho[1] = od
    t = 1
    while t < n - 3 and ev + od > 0:
        ev = 1 - (mean_var - acov[:, t + 1].mean()) / var_plus
        od = 1 - (mean_var - acov[:, t + 2].mean()) / var_plus
        if ev + od >= 0:
            rho[t + 1] = ev; rho[t + 2] = od
        t += 2
    mt = t - 2
    if ev > 0: rho[mt + 1] = ev
    t = 1
    while t <= mt - 2:
        if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]:
            rho[t + 1] = (rho[t - 1] + rho[t]) / 2; rho[t + 2] = rho[t + 1]
        t += 2
    tau = -1 + 2 * rho[:mt + 1].sum() + rho[mt + 1:mt + 2].sum()
    tau = max(tau, 1 / np.log10(m * n))
    return m * n / tau
def report(name, a):
    s = split(a)
    folded = np.abs(s - np.median(s))
    print(name, 'rhat %.12g rankRhat %.12g ess %.12g bulkEss %.12g' % (
        rhat(s), max(rhat(z(s)), rhat(z(folded))), ess(s), ess(z(s))))
rng = np.random.default_rng(2024)
def ar1(m, n, phi, offsets):
    out = np.zeros((m, n))
    for j in range(m):
        x = rng.normal()
        for i in range(n):
            x = phi * x + rng.normal()
            out[j, i] = x + offsets[j]
    return out
A = np.round(ar1(4, 50, 0.7, [0, 0, 0, 0]), 3)
B = np.round(ar1(3, 41, 0.3, [0, 0, 1.5]), 1)
report('A', A); report('B', B)
for nm, a in (('A', A), ('B', B)):
    print(nm, '[' + ',\n'.join('[' + ', '.join(repr(float(v)) for v in row) + ']' for row in a) + ']')
print('ppf', [repr(float(stats.norm.ppf(p))) for p in [1e-300, 1e-10, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.975, 1 - 1e-12]])
