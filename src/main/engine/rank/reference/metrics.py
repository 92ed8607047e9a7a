# Makes the scikit-learn fixtures in ../metrics.test.ts. Run once by hand (scikit-learn 1.2.1, numpy 1.24.2);
# the product and its tests never call Python.
import numpy as np
from sklearn.metrics import ndcg_score, average_precision_score
rng = np.random.default_rng(5)
grades = rng.choice([0, 0, 0, 1, 1, 2, 3], size=40)
order = rng.permutation(40)          # ranked list of doc ids 0..39
score = np.empty(40); score[order] = np.arange(40, 0, -1)   # distinct scores, rank 1 highest
gain = 2.0 ** grades - 1
print('grades', list(map(int, grades)))
print('order', list(map(int, order)))
for k in (5, 10, 30):
    print('ndcg@%d' % k, repr(ndcg_score([gain], [score], k=k)))
print('ap', repr(average_precision_score(grades >= 2, score)))
# hand example
g = {10: 3, 11: 2, 12: 0, 13: 1, 14: 2, 99: 0}
ranked = [12, 10, 99, 14, 13, 11]
ids = sorted(g)
yt = [[2.0 ** g[i] - 1 for i in ids]]
ys = [[len(ranked) - ranked.index(i) for i in ids]]
for k in (3, 5, 10):
    print('hand ndcg@%d' % k, repr(ndcg_score(yt, ys, k=k)))
print('hand ap', repr(average_precision_score([g[i] >= 2 for i in ids], ys[0])))
