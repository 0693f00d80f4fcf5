import Foundation

extension SafetyModel {
    /// V(x) and ∂V/∂x together, by reverse-mode differentiation of the closed form: about three
    /// evaluations' work whatever the number of programs, where ``gradient(at:weights:)`` takes 2·P.
    ///
    /// Both are exact; tests hold this one to the toggling method and to central differences.
    /// - Parameters:
    ///   - allocation: in program order.
    ///   - weights: the worlds' probabilities (the beliefs, on one ladder).
    public func safetyAndGradient(at allocation: [Double], weights: [Double]) -> (safety: Double, gradient: [Double]) {
        precondition(allocation.count == programCount && weights.count == worldCount)
        let workspace = Workspace(self)
        let r = readiness(of: allocation)
        var dR = [Double](repeating: 0, count: programCount)
        let value = r.withUnsafeBufferPointer { rb in
            weights.withUnsafeBufferPointer { wb in
                dR.withUnsafeMutableBufferPointer {
                    workspace.safetyAndGradient(readiness: rb.baseAddress!, weights: wb.baseAddress!, gradient: $0.baseAddress!)
                }
            }
        }
        let gradient = (0..<programCount).map { j in dR[j] * (programs[j].ceiling - r[j]) / programs[j].scale }
        return (value, gradient)
    }
}

extension SafetyModel.Workspace {
    /// V = Σ_w weight_w·P(safe | w) and ∂V/∂R_j for every program (with respect to own readiness).
    ///
    /// With `requires`, V = Σ_U w_U·F_U(eff_U) over the down-sets U of H: a program outside H whose
    /// ancestors are all in U has eff_j = R_j and gets w_U·∂F_U/∂eff_j; a program h of H enters
    /// only through the weights, ∂w_U/∂R_h = the product of U's other factors, with a plus sign
    /// when h ∈ U and a minus sign when h is on U's boundary. Zero-weight down-sets still count,
    /// because their weights can have non-zero derivatives.
    ///
    /// With `worlds` (plain model only), it also writes P(safe | w) for every world there, by the
    /// same operations in the same order as ``worldSafety(readiness:into:)``, so that a caller can
    /// form V to the last bit as an evaluation would, from the one pass.
    func safetyAndGradient(
        readiness r: UnsafePointer<Double>, weights w: UnsafePointer<Double>, gradient dR: UnsafeMutablePointer<Double>,
        worlds: UnsafeMutablePointer<Double>? = nil
    ) -> Double {
        let dEffective = adjoint + 24 * (n + 1)
        worlds?.update(repeating: 0, count: orderings * n)
        if required.isEmpty {
            return orderingsAdjoint(r, weights: w, into: dR, worlds: worlds, worldWeight: 1)
        }
        dR.update(repeating: 0, count: p)
        var total = 0.0
        for index in downSets.indices {
            let usable = downSets[index]
            let boundary = boundaries[index]
            let weight = downSetWeight(index, readiness: r)
            setEffectiveReadiness(usable, readiness: r)
            // An evaluation skips the down-sets of weight 0, so their worlds are not added to.
            let f = orderingsAdjoint(
                effective, weights: w, into: dEffective, worlds: weight == 0 ? nil : worlds, worldWeight: weight)
            total += weight * f
            for j in 0..<p where requiredBit[j] == 0 && ancestorMask[j] & ~usable == 0 {
                dR[j] += weight * dEffective[j]
            }
            for (position, h) in required.enumerated() {
                let bit = UInt32(1) << UInt32(position)
                guard (usable | boundary) & bit != 0 else { continue }
                var others = 1.0
                for (other, h2) in required.enumerated() where other != position {
                    let otherBit = UInt32(1) << UInt32(other)
                    if usable & otherBit != 0 {
                        others *= r[h2]
                    } else if boundary & otherBit != 0 {
                        others *= 1 - r[h2]
                    }
                }
                dR[h] += (usable & bit != 0 ? others : -others) * f
            }
        }
        return total
    }

    /// F = Σ_w weight_w·P(safe | w) over every ordering's worlds, and ∂F/∂r_j into `dr`: one
    /// reverse pass per ordering, summed in ordering order.
    private func orderingsAdjoint(
        _ r: UnsafePointer<Double>, weights w: UnsafePointer<Double>, into dr: UnsafeMutablePointer<Double>,
        worlds: UnsafeMutablePointer<Double>?, worldWeight: Double
    ) -> Double {
        var value = stateAdjoint(r, ordering: 0, weights: w, into: dr, worlds: worlds, worldWeight: worldWeight)
        for o in 1..<orderings {
            value += stateAdjoint(
                r, ordering: o, weights: w + o * n, into: orderingGradient, worlds: worlds.map { $0 + o * n },
                worldWeight: worldWeight)
            for j in 0..<p { dr[j] += orderingGradient[j] }
        }
        return value
    }

    /// F = Σ_k w_k·P(safe | o, k) of the closed form without `requires` (<doc:TheModel>) for one
    /// ordering at readiness `r`, and ∂F/∂r_j into `dr`.
    ///
    /// Forward: per group g (level g + 1, or g = N for non-techniques) the products NR = Π(1 − r),
    /// MI = Π(1 − u·r), CO = Π(1 − h·r), QU = Π(1 − t·r); U_k = Π_{g ≥ k} NR_g; the Rest_k products
    /// are the others' product times prefix products over levels below k. Backward: the adjoints
    /// of U_k and of the Rest_k prefixes are pushed back to each group product by two linear
    /// recursions (no division, so zero readiness is safe), then to each program through the
    /// product of the other members of its group.
    ///
    /// With `worlds`, it adds worldWeight·P(safe | o, k) to `worlds[k]` as the evaluation's pass
    /// does: the group products are formed in the same order, and both take the worlds from them
    /// through `addWorlds`.
    private func stateAdjoint(
        _ r: UnsafePointer<Double>, ordering o: Int, weights w: UnsafePointer<Double>, into dr: UnsafeMutablePointer<Double>,
        worlds: UnsafeMutablePointer<Double>?, worldWeight: Double
    ) -> Double {
        if general { return generalStateAdjoint(r, ordering: o, weights: w, into: dr) }
        let techniqueLevel = self.techniqueLevel + o * p
        let groupOrder = self.groupOrder + o * p
        let groupStart = self.groupStart + o * (n + 2)
        let size = n + 1
        let nr = adjoint
        let mi = adjoint + size
        let co = adjoint + 2 * size
        let qu = adjoint + 3 * size
        let suffix = adjoint + 4 * size
        let preMI = adjoint + 5 * size
        let preCO = adjoint + 6 * size
        let preQU = adjoint + 7 * size
        let dNR = adjoint + 8 * size
        let dMI = adjoint + 9 * size
        let dCO = adjoint + 10 * size
        let dQU = adjoint + 11 * size
        let bM = adjoint + 12 * size
        let bC = adjoint + 13 * size
        let bQ = adjoint + 14 * size
        let exNR = adjoint + 24 * size + p
        let exMI = exNR + p
        let exCO = exMI + p
        let exQU = exCO + p
        for g in 0...n {
            nr[g] = 1
            mi[g] = 1
            co[g] = 1
            qu[g] = 1
        }
        for j in 0..<p {
            let g = techniqueLevel[j] == 0 ? n : techniqueLevel[j] - 1
            nr[g] *= 1 - r[j]
            mi[g] *= 1 - misuseReduction[j] * r[j]
            co[g] *= 1 - backfire[j] * r[j]
            qu[g] *= 1 - triggerOrConceal[j] * r[j]
        }
        // The running products stay in registers (the buffers share one allocation, so a
        // product read back from memory would wait for its own store).
        var running = 1.0
        suffix[n] = 1
        var k = n - 1
        while k >= 0 {
            running *= nr[k]
            suffix[k] = running
            k -= 1
        }
        var runningMI = 1.0
        var runningCO = 1.0
        var runningQU = 1.0
        preMI[0] = 1
        preCO[0] = 1
        preQU[0] = 1
        for k in 0..<n {
            runningMI *= mi[k]
            runningCO *= co[k]
            runningQU *= qu[k]
            preMI[k + 1] = runningMI
            preCO[k + 1] = runningCO
            preQU[k + 1] = runningQU
        }
        let m0 = misuseBaseline
        let quietStop = 1 - stopBaseline
        if let worlds {
            addWorlds(
                misuse: mi, conceal: co, quiet: qu, others: (mi[n], co[n], qu[n]), unaligned: suffix, weight: worldWeight,
                into: worlds)
        }
        let misuseAll = mi[n] * preMI[n]
        var value = 0.0
        var weightTotal = 0.0
        var gUnaligned = 0.0  // the running sum G_L of the NR recursion
        for k in 0..<n {
            let unaligned = k == 0 ? 0 : suffix[k]
            let misuseRest = mi[n] * preMI[k]
            let concealRest = co[n] * preCO[k]
            let quietRest = qu[n] * preQU[k]
            value +=
                w[k]
                * ((1 - unaligned) - m0 * (misuseAll - unaligned * misuseRest)
                    + unaligned * (concealRest - quietStop * quietRest))
            weightTotal += w[k]
            bM[k] = w[k] * m0 * unaligned
            bC[k] = w[k] * unaligned
            bQ[k] = -w[k] * quietStop * unaligned
            // ∂F/∂U_k, then G_k = G_{k−1}·NR_{k−1} + a_k and ∂F/∂NR_k = Π_{g > k} NR_g · G_k.
            let a = k == 0 ? 0 : w[k] * (-1 + m0 * misuseRest + concealRest - quietStop * quietRest)
            gUnaligned = (k == 0 ? 0 : gUnaligned * nr[k - 1]) + a
            dNR[k] = suffix[k + 1] * gUnaligned
        }
        bM[n] = -m0 * weightTotal  // misuseAll is the Rest product "at k = N"
        bC[n] = 0
        bQ[n] = 0
        // H_g = Σ_{k > g} b_k·Π_{g < g' < k} product_g'; ∂F/∂product_g = others·prefix_g·H_g.
        var hM = bM[n]
        var hC = bC[n]
        var hQ = bQ[n]
        var g = n - 1
        while g >= 0 {
            if g < n - 1 {
                hM = bM[g + 1] + mi[g + 1] * hM
                hC = bC[g + 1] + co[g + 1] * hC
                hQ = bQ[g + 1] + qu[g + 1] * hQ
            }
            dMI[g] = mi[n] * preMI[g] * hM
            dCO[g] = co[n] * preCO[g] * hC
            dQU[g] = qu[n] * preQU[g] * hQ
            g -= 1
        }
        var dOtherMI = 0.0
        var dOtherCO = 0.0
        var dOtherQU = 0.0
        for k in 0...n {
            dOtherMI += bM[k] * preMI[k]
            dOtherCO += bC[k] * preCO[k]
            dOtherQU += bQ[k] * preQU[k]
        }
        dNR[n] = 0
        dMI[n] = dOtherMI
        dCO[n] = dOtherCO
        dQU[n] = dOtherQU
        // Each program's group product without its own factor: prefix then suffix within the group.
        for g in 0...n {
            let start = groupStart[g]
            let end = groupStart[g + 1]
            if end - start == 1 {
                // A group of one: the others' products are 1, and multiplying by 1 is exact.
                let j = groupOrder[start]
                dr[j] =
                    -dNR[g] - misuseReduction[j] * dMI[g] - backfire[j] * dCO[g] - triggerOrConceal[j] * dQU[g]
                continue
            }
            var pNR = 1.0
            var pMI = 1.0
            var pCO = 1.0
            var pQU = 1.0
            for position in start..<end {
                let j = groupOrder[position]
                exNR[j] = pNR
                exMI[j] = pMI
                exCO[j] = pCO
                exQU[j] = pQU
                pNR *= 1 - r[j]
                pMI *= 1 - misuseReduction[j] * r[j]
                pCO *= 1 - backfire[j] * r[j]
                pQU *= 1 - triggerOrConceal[j] * r[j]
            }
            pNR = 1
            pMI = 1
            pCO = 1
            pQU = 1
            var position = end - 1
            while position >= start {
                let j = groupOrder[position]
                dr[j] =
                    -dNR[g] * exNR[j] * pNR - misuseReduction[j] * dMI[g] * exMI[j] * pMI
                    - backfire[j] * dCO[g] * exCO[j] * pCO - triggerOrConceal[j] * dQU[g] * exQU[j] * pQU
                pNR *= 1 - r[j]
                pMI *= 1 - misuseReduction[j] * r[j]
                pCO *= 1 - backfire[j] * r[j]
                pQU *= 1 - triggerOrConceal[j] * r[j]
                position -= 1
            }
        }
        return value
    }
}

extension SafetyModel.Workspace {
    /// F = Σ_k w_k·u_k for one ordering in the general pass (values by level, false alarms, stop
    /// cost: the closed form of ``accumulateGeneral``), and ∂F/∂r_j into `dr`.
    ///
    /// Per world, u is a polynomial in seven products over the programs: N (sufficient ones not
    /// ready), the false-alarm and false-alarm-and-misuse products over all programs and over
    /// Rest_k, and the concealment and quiet products over Rest_k. Each program enters each product
    /// through one linear factor, so ∂u/∂r_j = Σ_products ∂u/∂product · (product without j's
    /// factor) · (the factor's slope). The products without one factor come from prefix and suffix
    /// products (no division, so a factor of zero is safe).
    /// - Complexity: O(N·P), without allocating.
    fileprivate func generalStateAdjoint(
        _ r: UnsafePointer<Double>, ordering o: Int, weights w: UnsafePointer<Double>, into dr: UnsafeMutablePointer<Double>
    ) -> Double {
        let techniqueLevel = self.techniqueLevel + o * p
        let c = stopCost
        let keep = 1 - falseAlarmBaseline
        let factorCount = 7
        dr.update(repeating: 0, count: p)
        var total = 0.0
        adjointFactors.withUnsafeMutableBufferPointer { factorBuffer in
            adjointSuffix.withUnsafeMutableBufferPointer { suffixBuffer in
                let factor = factorBuffer.baseAddress!
                let suffix = suffixBuffer.baseAddress!
                let slope = factor + factorCount * p
                let products = suffix + factorCount * p
                let coefficients = products + factorCount
                // Factors t·P + j: 0 N, 1 all alarm, 2 all alarm-and-misuse, 3 rest alarm,
                // 4 rest alarm-and-misuse, 5 conceal, 6 quiet; 1 where j is not a member. The two
                // products over every program (1 and 2) are the same at every level: made once.
                for j in 0..<p {
                    let rj = r[j]
                    let a = falseAlarm[j]
                    let misuseSlope = 1 - (1 - a) * (1 - misuseReduction[j])
                    factor[p + j] = 1 - a * rj
                    slope[p + j] = -a
                    factor[2 * p + j] = 1 - rj * misuseSlope
                    slope[2 * p + j] = -misuseSlope
                }
                // suffix[t·P + j] = Π_{i > j} factor_t(i); products[t] = Π over every program.
                func multiply(_ t: Int) {
                    var running = 1.0
                    var j = p - 1
                    while j >= 0 {
                        suffix[t * p + j] = running
                        running *= factor[t * p + j]
                        j -= 1
                    }
                    products[t] = running
                }
                multiply(1)
                multiply(2)
                for k in 0..<n {
                    let weight = w[k]
                    for j in 0..<p {
                        // A program's factors change with k only where it reaches its level (k equal to
                        // it) or has values by level; elsewhere they are still the ones written at k − 1,
                        // the same numbers, and are not written again.
                        if k > 0 && techniqueLevel[j] != k && !hasLevels[j] { continue }
                        let rj = r[j]
                        if techniqueLevel[j] > k {
                            factor[j] = 1 - rj
                            slope[j] = -1
                            for t in 3..<factorCount {
                                factor[t * p + j] = 1
                                slope[t * p + j] = 0
                            }
                        } else {
                            // A level-free program's values are where the evaluation pass reads them.
                            let byLevel = hasLevels[j]
                            let h = byLevel ? backfireByLevel[j * n + k] : backfire[j]
                            let trigger = byLevel ? 1 - (1 - evidenceByLevel[j * n + k]) * (1 - h) : triggerOrConceal[j]
                            factor[j] = 1
                            slope[j] = 0
                            factor[3 * p + j] = factor[p + j]
                            slope[3 * p + j] = slope[p + j]
                            factor[4 * p + j] = factor[2 * p + j]
                            slope[4 * p + j] = slope[2 * p + j]
                            factor[5 * p + j] = 1 - h * rj
                            slope[5 * p + j] = -h
                            factor[6 * p + j] = 1 - trigger * rj
                            slope[6 * p + j] = -trigger
                        }
                    }
                    for t in 0..<factorCount where t != 1 && t != 2 { multiply(t) }
                    let unaligned = k == 0 ? 0 : products[0]
                    let q0 = stopByLevel?[k] ?? stopBaseline
                    let m0 = misuseByLevel?[k] ?? misuseBaseline
                    let stopped = products[5] - (1 - q0) * products[6]
                    let value =
                        (1 - c) * (1 - unaligned) + c * keep * (products[1] - unaligned * products[3])
                        - m0 * keep * (products[2] - unaligned * products[4]) + (1 - c) * unaligned * stopped
                    total += weight * value
                    // ∂u/∂(each product).
                    let byUnaligned =
                        k == 0
                        ? 0 : -(1 - c) - c * keep * products[3] + m0 * keep * products[4] + (1 - c) * stopped
                    coefficients[0] = byUnaligned
                    coefficients[1] = c * keep
                    coefficients[2] = -m0 * keep
                    coefficients[3] = -c * keep * unaligned
                    coefficients[4] = m0 * keep * unaligned
                    coefficients[5] = (1 - c) * unaligned
                    coefficients[6] = -(1 - c) * unaligned * (1 - q0)
                    for t in 0..<factorCount where coefficients[t] != 0 {
                        let coefficient = weight * coefficients[t]
                        var prefix = 1.0
                        for j in 0..<p {
                            dr[j] += coefficient * prefix * suffix[t * p + j] * slope[t * p + j]
                            prefix *= factor[t * p + j]
                        }
                    }
                }
            }
        }
        return total
    }
}
