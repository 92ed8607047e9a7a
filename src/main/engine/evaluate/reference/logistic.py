# Makes the scikit-learn fixture in ../logistic.test.ts. Run once by hand (Debian python3-sklearn 1.2.1,
# numpy 1.24.2); the product and its tests never call Python.
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(7)
n, d = 30, 3
y = np.arange(n) % 3
centers = np.array([[0, 0, 1], [1.5, -1, 0], [-1, 2, 0.5]])
X = np.round(centers[y] + rng.normal(scale=1.2, size=(n, d)) * np.array([1, 2, 0.5]), 2)
Z = StandardScaler().fit_transform(X)
for l2 in [1.0, 0.1]:
    # newton-cg: the default lbfgs stops on ftol with a gradient of ~1e-4.
    m = LogisticRegression(multi_class='multinomial', solver='newton-cg', C=1 / l2, tol=1e-14,
                           max_iter=100000).fit(Z, y)
    print('l2', l2)
    print('coef', np.array2string(m.coef_.ravel(), separator=', ', precision=10, max_line_width=200))
    print('intercept', np.array2string(m.intercept_ - m.intercept_.mean(), separator=', ', precision=10))
    print('proba rows 0..5', np.array2string(m.predict_proba(Z)[:6].ravel(), separator=', ', precision=10,
                                             max_line_width=200))
print('X', np.array2string(X.ravel(), separator=', ', max_line_width=120))
