;; The two hot loops of the BCM sampler in WebAssembly: the z sweep (BcmSampler.sampleZJs in sampler.ts) and
;; the prototype scores (BcmSampler.pLogWeights), with the same arithmetic in the same order and the same
;; xoshiro128** draws as the TypeScript, so both give bit-identical states (sampler.test.ts).
;; Arrays live in the imported memory; every pointer is a byte offset. Int32 arrays: x, z, off, nis, nsjv,
;; nsj, peak; Float64 arrays: nisA, numer, invDen, gsum, cum; rng: 4 × uint32 xoshiro128** state.
(module
  (import "env" "memory" (memory 1))
  (func (export "sweepZ")
    (param $n i32) (param $f i32) (param $S i32)
    (param $alpha f64) (param $lambda f64) (param $peakG f64)
    (param $x i32) (param $z i32) (param $off i32) (param $nis i32) (param $nisA i32)
    (param $nsjv i32) (param $numer i32) (param $nsj i32) (param $invDen i32) (param $gsum i32)
    (param $peak i32) (param $cum i32) (param $rng i32)
    (local $i i32) (local $j i32) (local $t i32) (local $s i32) (local $v i32)
    (local $base i32) (local $nb i32) (local $fv i32) (local $js i32) (local $c i32) (local $a i32)
    (local $total f64) (local $u f64)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $r i32) (local $tt i32)
    (local.set $s0 (i32.load offset=0 (local.get $rng)))
    (local.set $s1 (i32.load offset=4 (local.get $rng)))
    (local.set $s2 (i32.load offset=8 (local.get $rng)))
    (local.set $s3 (i32.load offset=12 (local.get $rng)))
    (block $cases_done
      (loop $cases
        (br_if $cases_done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $base (i32.mul (local.get $i) (local.get $f)))
        (local.set $nb (i32.mul (local.get $i) (local.get $S)))
        (local.set $j (i32.const 0))
        (block $features_done
          (loop $features
            (br_if $features_done (i32.ge_s (local.get $j) (local.get $f)))
            ;; this feature's uniform (xoshiro128**, as Rng.fill: one per feature, missing ones included)
            (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $tt (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $tt)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (local.set $u (f64.div (f64.convert_i32_u (local.get $r)) (f64.const 4294967296)))
            (local.set $v (i32.load (i32.add (local.get $x) (i32.shl (i32.add (local.get $base) (local.get $j)) (i32.const 2)))))
            (if (i32.ge_s (local.get $v) (i32.const 0))
              (then
                (local.set $fv (i32.mul (i32.add (i32.load (i32.add (local.get $off) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)) (local.get $S)))
                (local.set $js (i32.mul (local.get $j) (local.get $S)))
                (local.set $s (i32.load (i32.add (local.get $z) (i32.shl (i32.add (local.get $base) (local.get $j)) (i32.const 2)))))
                ;; remove token ij from its cluster
                (local.set $a (i32.add (local.get $nis) (i32.shl (i32.add (local.get $nb) (local.get $s)) (i32.const 2))))
                (local.set $c (i32.sub (i32.load (local.get $a)) (i32.const 1)))
                (i32.store (local.get $a) (local.get $c))
                (f64.store (i32.add (local.get $nisA) (i32.shl (i32.add (local.get $nb) (local.get $s)) (i32.const 3)))
                  (f64.add (f64.convert_i32_s (local.get $c)) (local.get $alpha)))
                (local.set $a (i32.add (local.get $nsjv) (i32.shl (i32.add (local.get $fv) (local.get $s)) (i32.const 2))))
                (local.set $c (i32.sub (i32.load (local.get $a)) (i32.const 1)))
                (i32.store (local.get $a) (local.get $c))
                (f64.store (i32.add (local.get $numer) (i32.shl (i32.add (local.get $fv) (local.get $s)) (i32.const 3)))
                  (f64.add (f64.convert_i32_s (local.get $c))
                    (select (local.get $peakG) (local.get $lambda)
                      (i32.eq (i32.load (i32.add (local.get $peak) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 2)))) (local.get $v)))))
                (local.set $a (i32.add (local.get $nsj) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 2))))
                (local.set $c (i32.sub (i32.load (local.get $a)) (i32.const 1)))
                (i32.store (local.get $a) (local.get $c))
                (f64.store (i32.add (local.get $invDen) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 3)))
                  (f64.div (f64.const 1)
                    (f64.add (f64.convert_i32_s (local.get $c))
                      (f64.load (i32.add (local.get $gsum) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 3)))))))
                ;; cumulative weights (n_is + α)(n_sjv + g_sjv)/(n_sj + G_sj)
                (local.set $total (f64.const 0))
                (local.set $t (i32.const 0))
                (block $w_done
                  (loop $w
                    (br_if $w_done (i32.ge_s (local.get $t) (local.get $S)))
                    (local.set $total (f64.add (local.get $total)
                      (f64.mul
                        (f64.mul
                          (f64.load (i32.add (local.get $nisA) (i32.shl (i32.add (local.get $nb) (local.get $t)) (i32.const 3))))
                          (f64.load (i32.add (local.get $numer) (i32.shl (i32.add (local.get $fv) (local.get $t)) (i32.const 3)))))
                        (f64.load (i32.add (local.get $invDen) (i32.shl (i32.add (local.get $js) (local.get $t)) (i32.const 3)))))))
                    (f64.store (i32.add (local.get $cum) (i32.shl (local.get $t) (i32.const 3))) (local.get $total))
                    (local.set $t (i32.add (local.get $t) (i32.const 1)))
                    (br $w)))
                ;; the new cluster: how many cumulative weights are ≤ u
                (local.set $u (f64.mul (local.get $u) (local.get $total)))
                (local.set $s (i32.const 0))
                (local.set $t (i32.const 0))
                (block $d_done
                  (loop $d
                    (br_if $d_done (i32.ge_s (local.get $t) (i32.sub (local.get $S) (i32.const 1))))
                    (local.set $s (i32.add (local.get $s)
                      (f64.le (f64.load (i32.add (local.get $cum) (i32.shl (local.get $t) (i32.const 3)))) (local.get $u))))
                    (local.set $t (i32.add (local.get $t) (i32.const 1)))
                    (br $d)))
                (i32.store (i32.add (local.get $z) (i32.shl (i32.add (local.get $base) (local.get $j)) (i32.const 2))) (local.get $s))
                ;; add token ij to the new cluster
                (local.set $a (i32.add (local.get $nis) (i32.shl (i32.add (local.get $nb) (local.get $s)) (i32.const 2))))
                (local.set $c (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (i32.store (local.get $a) (local.get $c))
                (f64.store (i32.add (local.get $nisA) (i32.shl (i32.add (local.get $nb) (local.get $s)) (i32.const 3)))
                  (f64.add (f64.convert_i32_s (local.get $c)) (local.get $alpha)))
                (local.set $a (i32.add (local.get $nsjv) (i32.shl (i32.add (local.get $fv) (local.get $s)) (i32.const 2))))
                (local.set $c (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (i32.store (local.get $a) (local.get $c))
                (f64.store (i32.add (local.get $numer) (i32.shl (i32.add (local.get $fv) (local.get $s)) (i32.const 3)))
                  (f64.add (f64.convert_i32_s (local.get $c))
                    (select (local.get $peakG) (local.get $lambda)
                      (i32.eq (i32.load (i32.add (local.get $peak) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 2)))) (local.get $v)))))
                (local.set $a (i32.add (local.get $nsj) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 2))))
                (local.set $c (i32.add (i32.load (local.get $a)) (i32.const 1)))
                (i32.store (local.get $a) (local.get $c))
                (f64.store (i32.add (local.get $invDen) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 3)))
                  (f64.div (f64.const 1)
                    (f64.add (f64.convert_i32_s (local.get $c))
                      (f64.load (i32.add (local.get $gsum) (i32.shl (i32.add (local.get $js) (local.get $s)) (i32.const 3)))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $features)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $cases)))
    (i32.store offset=0 (local.get $rng) (local.get $s0))
    (i32.store offset=4 (local.get $rng) (local.get $s1))
    (i32.store offset=8 (local.get $rng) (local.get $s2))
    (i32.store offset=12 (local.get $rng) (local.get $s3)))
  ;; Prototype scores (BcmSampler.pLogWeights): for every case i and cluster s,
  ;; logw[s·n + i] = Σ_{k ∈ diffStart[i] .. diffStart[i+1]} delta[diffSlot[k]·S + s], summed in that order.
  ;; Int32: diffStart, diffSlot; Float64: delta, logw, acc (S).
  (func (export "pScores")
    (param $n i32) (param $S i32) (param $diffStart i32) (param $diffSlot i32) (param $delta i32) (param $logw i32) (param $acc i32)
    (local $i i32) (local $k i32) (local $end i32) (local $s i32) (local $g i32) (local $a i32)
    (block $cases_done
      (loop $cases
        (br_if $cases_done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.const 0))
        (block $z_done
          (loop $zero
            (br_if $z_done (i32.ge_s (local.get $s) (local.get $S)))
            (f64.store (i32.add (local.get $acc) (i32.shl (local.get $s) (i32.const 3))) (f64.const 0))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $zero)))
        (local.set $k (i32.load (i32.add (local.get $diffStart) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $diffStart) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
        (block $k_done
          (loop $entries
            (br_if $k_done (i32.ge_s (local.get $k) (local.get $end)))
            (local.set $g (i32.add (local.get $delta)
              (i32.shl (i32.mul (i32.load (i32.add (local.get $diffSlot) (i32.shl (local.get $k) (i32.const 2)))) (local.get $S)) (i32.const 3))))
            (local.set $s (i32.const 0))
            (block $s_done
              (loop $clusters
                (br_if $s_done (i32.ge_s (local.get $s) (local.get $S)))
                (local.set $a (i32.add (local.get $acc) (i32.shl (local.get $s) (i32.const 3))))
                (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.load (i32.add (local.get $g) (i32.shl (local.get $s) (i32.const 3))))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $clusters)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $entries)))
        (local.set $s (i32.const 0))
        (block $w_done
          (loop $write
            (br_if $w_done (i32.ge_s (local.get $s) (local.get $S)))
            (f64.store (i32.add (local.get $logw) (i32.shl (i32.add (i32.mul (local.get $s) (local.get $n)) (local.get $i)) (i32.const 3)))
              (f64.load (i32.add (local.get $acc) (i32.shl (local.get $s) (i32.const 3)))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $write)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $cases))))
)
