"""LDA topic proportions on the UCI digits, through the same kind of classifier as Exemplar's π accuracy
(multinomial logistic regression, stratified 5-fold): the yardstick of bcm/digits.test.ts. Run with Debian's
python3-sklearn: /usr/bin/python3 bench/lda_digits.py resources/data/digits.csv
"""
import sys

import numpy as np
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
pixels, labels = data[:, :64], data[:, 64].astype(int)
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=1)
for name, counts in [("pixels binarised at 8", (pixels >= 8).astype(float)), ("pixel intensities 0-16", pixels)]:
    scores = []
    for seed in (1, 2, 3):
        theta = LatentDirichletAllocation(n_components=10, random_state=seed, max_iter=50).fit_transform(counts)
        clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        scores.append(cross_val_score(clf, theta, labels, cv=folds).mean())
    print(f"LDA (10 topics) on {name}: 5-fold accuracy {np.mean(scores):.3f} ({min(scores):.2f}-{max(scores):.2f}, seeds 1-3)")
