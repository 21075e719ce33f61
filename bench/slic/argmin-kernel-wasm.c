/*
 * The WebAssembly half of argmin-kernel.mjs (see there): the same per-pixel argmin,
 * compiled by clang to wasm32 twice — scalar, and with 128-bit SIMD (-DSIMD
 * -msimd128), where each f64x2 holds two neighbouring pixels of a block row and the
 * candidates are walked once for both. -ffp-contract=off keeps multiply-adds unfused,
 * and each lane computes the same expression in the same order as the scalar code, so
 * both give the JavaScript labels (the script compares checksums).
 * No libc: the script writes a block into `packed`, `features` and `previous`, calls
 * `scanBlock`, and reads `labels`.
 */
#include "argmin-kernel.h"

double features[BLOCK * BLOCK * 3];
int previous[BLOCK * BLOCK];
int labels[BLOCK * BLOCK];

#ifndef SIMD
void scanBlock(double w) { scan(features, labels, previous, w); }
#else
#include <wasm_simd128.h>

/* One lane's starting distance: the pixel's previous centre, as in the scalar code. */
static double previousDistance(int p, int yo, int xo, double w) {
  const int f = 3 * p;
  return distance(previous[p] * PACKED, features[f], features[f + 1], features[f + 2], yo, xo, w);
}

void scanBlock(double w) {
  const v128_t wv = wasm_f64x2_splat(w);
  for (int y = 0; y < BLOCK; y++) {
    const int yo = 3 + y;
    for (int x = 0; x < BLOCK; x += 2) {
      const int p = y * BLOCK + x, f = 3 * p, xo = 3 + BLOCK + x;
      const v128_t f0 = wasm_f64x2_make(features[f], features[f + 3]);
      const v128_t f1 = wasm_f64x2_make(features[f + 1], features[f + 4]);
      const v128_t f2 = wasm_f64x2_make(features[f + 2], features[f + 5]);
      v128_t best = wasm_f64x2_make(previousDistance(p, yo, xo, w), previousDistance(p + 1, yo, xo + 1, w));
      v128_t bestI = wasm_i64x2_make(previous[p], previous[p + 1]);
      for (int i = 0, o = 0; i < CANDIDATES; i++, o += PACKED) {
        const v128_t a = wasm_f64x2_sub(f0, wasm_f64x2_splat(packed[o]));
        const v128_t b = wasm_f64x2_sub(f1, wasm_f64x2_splat(packed[o + 1]));
        const v128_t c = wasm_f64x2_sub(f2, wasm_f64x2_splat(packed[o + 2]));
        // packed[o + xo] and packed[o + xo + 1]: the two pixels' column terms, one load.
        const v128_t space = wasm_f64x2_mul(wasm_f64x2_add(wasm_f64x2_splat(packed[o + yo]), wasm_v128_load(&packed[o + xo])), wv);
        const v128_t colour = wasm_f64x2_add(wasm_f64x2_add(wasm_f64x2_mul(a, a), wasm_f64x2_mul(b, b)), wasm_f64x2_mul(c, c));
        const v128_t d = wasm_f64x2_add(space, colour);
        const v128_t iv = wasm_i64x2_splat(i);
        const v128_t take = wasm_v128_or(wasm_f64x2_lt(d, best), wasm_v128_and(wasm_f64x2_eq(d, best), wasm_i64x2_lt(iv, bestI)));
        best = wasm_v128_bitselect(d, best, take);
        bestI = wasm_v128_bitselect(iv, bestI, take);
      }
      labels[p] = (int)wasm_i64x2_extract_lane(bestI, 0);
      labels[p + 1] = (int)wasm_i64x2_extract_lane(bestI, 1);
    }
  }
}
#endif
