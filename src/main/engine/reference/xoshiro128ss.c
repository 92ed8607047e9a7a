/* Makes the known-answer vectors in ../rng.test.ts. Run once by hand:
 *   cc -O2 -std=c99 -o /tmp/xoshiro128ss xoshiro128ss.c && /tmp/xoshiro128ss
 * (Debian gcc 12); the product and its tests never run C.
 *
 * next() is xoshiro128** 1.1 as published by Blackman & Vigna (prng.di.unimi.it/xoshiro128starstar.c,
 * public domain), written out again from it. seed() is the seeding rng.ts documents, not part of Vigna's
 * code: four outputs of a 32-bit Weyl sequence x += 0x9e3779b9 passed through MurmurHash3's fmix32 finaliser
 * (Appleby: shifts 16, 13, 16; multipliers 0x85ebca6b, 0xc2b2ae35). Rng.forChain's seed derivation is the
 * one-line formula below. All arithmetic is uint32_t, so wrap-around is C's, not JavaScript's. */
#include <stdint.h>
#include <stdio.h>

static uint32_t s[4];

static inline uint32_t rotl(const uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static uint32_t next(void) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

static void seed(uint32_t x) {
  for (int i = 0; i < 4; i++) {
    x += 0x9e3779b9u;
    uint32_t z = x;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    s[i] = z ^ (z >> 16);
  }
  if ((s[0] | s[1] | s[2] | s[3]) == 0) s[0] = 1;
}

static uint32_t for_chain(uint32_t seed_, uint32_t chain) { return seed_ * 0x9e3779b1u + (chain + 1) * 0x85ebca77u; }

int main(void) {
  /* Raw generator from the state {1, 2, 3, 4}: outputs 1-10, then output 1,000,000. */
  s[0] = 1, s[1] = 2, s[2] = 3, s[3] = 4;
  printf("state 1 2 3 4, outputs 1-10:");
  for (int k = 0; k < 10; k++) printf(" %u", next());
  for (int k = 10; k < 999999; k++) next();
  printf("\noutput 1000000: %u\n", next());
  /* Seeding: the state each seed gives, then the first 5 outputs. */
  const uint32_t seeds[] = {0u, 1u, 42u, 0xdeadbeefu, 0xffffffffu};
  for (int k = 0; k < 5; k++) {
    seed(seeds[k]);
    printf("seed %u: state %u %u %u %u, outputs", seeds[k], s[0], s[1], s[2], s[3]);
    for (int j = 0; j < 5; j++) printf(" %u", next());
    printf("\n");
  }
  for (uint32_t chain = 0; chain < 3; chain++) printf("forChain(7, %u): seed %u\n", chain, for_chain(7u, chain));
  return 0;
}
