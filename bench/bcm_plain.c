/* A plain exact BCM sweep in C, the yardstick of the issue ("a plain exact C sampler on one core"): the
 * same collapsed conditionals as src/main/engine/bcm/sampler.ts, written the obvious way (a division per
 * cluster in the z weights, every case scored over every subspace feature for p, lgamma per ω), -O2.
 * bench/bcm.ts compiles it with the system's cc and feeds it the same binarised digits.
 * Usage: bcm_plain FILE N F S SWEEPS   (FILE: N×F int32 values, -1 = missing; V = 2 for every feature)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint32_t st[4] = {1, 2, 3, 4};
static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static double unif(void) {
  uint32_t r = rotl(st[1] * 5, 7) * 9, t = st[1] << 9;
  st[2] ^= st[0]; st[3] ^= st[1]; st[1] ^= st[2]; st[0] ^= st[3]; st[2] ^= t; st[3] = rotl(st[3], 11);
  return r / 4294967296.0;
}

int main(int argc, char **argv) {
  if (argc < 6) return 2;
  int n = atoi(argv[2]), f = atoi(argv[3]), S = atoi(argv[4]), sweeps = atoi(argv[5]);
  const int V = 2;
  const double alpha = 0.5, lambda = 1, c = 50, q = 0.8;
  int32_t *x = malloc(sizeof(int32_t) * n * f), *z = malloc(sizeof(int32_t) * n * f);
  FILE *fp = fopen(argv[1], "rb");
  if (!fp || fread(x, sizeof(int32_t), (size_t)n * f, fp) != (size_t)n * f) return 3;
  fclose(fp);
  int *nis = calloc(n * S, sizeof(int)), *nsjv = calloc(f * V * S, sizeof(int)), *nsj = calloc(f * S, sizeof(int));
  int *p = malloc(sizeof(int) * S), *omega = malloc(sizeof(int) * S * f);
  double *w = malloc(sizeof(double) * S), *logw = malloc(sizeof(double) * n), *gain = malloc(sizeof(double) * f * V);
  for (int s = 0; s < S; s++) { p[s] = (int)(unif() * n); for (int j = 0; j < f; j++) omega[s * f + j] = unif() < q; }
  for (int i = 0; i < n * f; i++) {
    if (x[i] < 0) { z[i] = -1; continue; }
    int s = (int)(unif() * S), j = i % f;
    z[i] = s; nis[(i / f) * S + s]++; nsjv[(j * V + x[i]) * S + s]++; nsj[j * S + s]++;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int sweep = 0; sweep < sweeps; sweep++) {
    for (int i = 0; i < n; i++)
      for (int j = 0; j < f; j++) {
        int v = x[i * f + j];
        if (v < 0) continue;
        int s = z[i * f + j];
        nis[i * S + s]--; nsjv[(j * V + v) * S + s]--; nsj[j * S + s]--;
        double total = 0;
        for (int t = 0; t < S; t++) {
          int pk = omega[t * f + j] ? x[p[t] * f + j] : -1;
          double g = lambda * (1 + c * (pk == v)), G = lambda * V + (pk >= 0 ? lambda * c : 0);
          total += w[t] = (nis[i * S + t] + alpha) * (nsjv[(j * V + v) * S + t] + g) / (nsj[j * S + t] + G);
        }
        double u = unif() * total;
        for (s = 0; s < S - 1; s++) { u -= w[s]; if (u < 0) break; }
        z[i * f + j] = s; nis[i * S + s]++; nsjv[(j * V + v) * S + s]++; nsj[j * S + s]++;
      }
    for (int s = 0; s < S; s++) {
      for (int j = 0; j < f; j++) {
        int N = nsj[j * S + s];
        for (int v = 0; v < V; v++) {
          int nv = nsjv[(j * V + v) * S + s];
          gain[j * V + v] = lgamma(lambda * V + lambda * c) - lgamma(lambda * V + lambda * c + N) - lgamma(lambda * V) + lgamma(lambda * V + N)
            + lgamma(lambda * (1 + c) + nv) - lgamma(lambda * (1 + c)) - lgamma(lambda + nv) + lgamma(lambda);
        }
      }
      double max = -INFINITY;
      for (int i = 0; i < n; i++) {
        double acc = 0;
        for (int j = 0; j < f; j++) if (omega[s * f + j] && x[i * f + j] >= 0) acc += gain[j * V + x[i * f + j]];
        logw[i] = acc; if (acc > max) max = acc;
      }
      double total = 0;
      for (int i = 0; i < n; i++) total += logw[i] = exp(logw[i] - max);
      double u = unif() * total; int i = 0;
      for (; i < n - 1; i++) { u -= logw[i]; if (u < 0) break; }
      p[s] = i;
    }
    for (int s = 0; s < S; s++)
      for (int j = 0; j < f; j++) {
        int v = x[p[s] * f + j];
        double lo = log(q) - log(1 - q);
        if (v >= 0) {
          int N = nsj[j * S + s], nv = nsjv[(j * V + v) * S + s];
          lo += lgamma(lambda * V + lambda * c) - lgamma(lambda * V + lambda * c + N) - lgamma(lambda * V) + lgamma(lambda * V + N)
            + lgamma(lambda * (1 + c) + nv) - lgamma(lambda * (1 + c)) - lgamma(lambda + nv) + lgamma(lambda);
        }
        omega[s * f + j] = unif() < 1 / (1 + exp(-lo));
      }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.3f\n", ((t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6) / sweeps);
  return 0;
}
