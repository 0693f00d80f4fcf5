import Foundation

extension SafetyModel {
    /// Scratch memory for allocation-free evaluation in hot loops. One per thread.
    final class Workspace {
        let model: SafetyModel
        /// N, the levels.
        let n: Int
        /// P, the programs.
        let p: Int
        /// O, the orderings.
        let orderings: Int
        /// Per-level products over techniques at that level, and prefix/suffix space: 5·N values.
        let perLevel: UnsafeMutablePointer<Double>
        let effective: UnsafeMutablePointer<Double>
        let scratchReadiness: UnsafeMutablePointer<Double>
        /// Per ordering o, per program j at o·P + j: its sufficiency level (0 = never).
        let techniqueLevel: UnsafeMutablePointer<Int>
        let triggerOrConceal: UnsafeMutablePointer<Double>
        let backfire: UnsafeMutablePointer<Double>
        let misuseReduction: UnsafeMutablePointer<Double>
        let requiredBit: UnsafeMutablePointer<UInt32>
        let ancestorMask: UnsafeMutablePointer<UInt32>
        /// The members of H, ancestors first.
        let required: [Int]
        /// The down-sets of H and their boundaries (``Requirements``).
        let downSets: [UInt32]
        let boundaries: [UInt32]
        /// m₀ and q₀; Monte Carlo overwrites them (and the per-program buffers) for each sample.
        ///
        /// A workspace serves one thread at a time, so its stored `var`s skip Swift's run-time
        /// exclusivity check (`@exclusivity(unchecked)`): each check costs a call into the runtime,
        /// and the level flags' three per Monte Carlo sample were about 2% of a sample's time (they
        /// are now `let`s, which need no check). The compiler's static checks still apply.
        @exclusivity(unchecked) var misuseBaseline: Double
        @exclusivity(unchecked) var stopBaseline: Double
        /// Per ordering, programs ordered by group (techniques by level, then every other program),
        /// for the gradient: ordering o's order starts at o·P.
        let groupOrder: UnsafeMutablePointer<Int>
        /// Per ordering, at o·(N + 2): groupStart[g]..<groupStart[g + 1] indexes that ordering's
        /// `groupOrder` for group g (level g + 1; g = N: programs that never suffice).
        let groupStart: UnsafeMutablePointer<Int>
        /// Scratch for the reverse pass of the gradient.
        let adjoint: UnsafeMutablePointer<Double>
        /// One ordering's contribution to ∂V/∂R when there are several.
        let orderingGradient: UnsafeMutablePointer<Double>
        /// The general pass (``SafetyModel/isGeneral``): h_j(k) and e_j(k) at j·N + (k − 1) for the
        /// programs with values by level, q₀(k) and m₀(k) when given by level, and scratch for the
        /// reverse pass.
        let general: Bool
        let backfireByLevel: UnsafeMutablePointer<Double>
        let evidenceByLevel: UnsafeMutablePointer<Double>
        /// 1 − (1 − a_j)(1 − u_j): the chance a usable program stops a fine world or removes its
        /// misuse risk, per program (general pass).
        let alarmOrMisuse: UnsafeMutablePointer<Double>
        /// a_j per program (0 for every program outside the general pass).
        let falseAlarm: UnsafeMutablePointer<Double>
        /// Programs whose backfire and evidence are given by level (Monte Carlo leaves those rows alone).
        let hasLevels: [Bool]
        /// Which of a program's backfire and evidence are lists by level.
        let backfireListed: [Bool]
        let evidenceListed: [Bool]
        /// The programs with values by level, and scratch for the suffix products over levels.
        let levelPrograms: [Int]
        let generalScratch: UnsafeMutablePointer<Double>
        @exclusivity(unchecked) var stopByLevel: [Double]?
        @exclusivity(unchecked) var misuseByLevel: [Double]?
        let stopCost: Double
        let falseAlarmBaseline: Double
        /// Scratch for the general pass's reverse mode: 14·P factors and slopes; 7·P suffix products,
        /// then the seven products and their coefficients.
        @exclusivity(unchecked) var adjointFactors: [Double] = []
        @exclusivity(unchecked) var adjointSuffix: [Double] = []

        init(_ model: SafetyModel) {
            self.model = model
            n = model.levelCount
            p = model.programCount
            orderings = model.orderingCount
            perLevel = .allocate(capacity: 5 * n)
            effective = .allocate(capacity: max(p, 1))
            scratchReadiness = .allocate(capacity: max(p, 1))
            techniqueLevel = .allocate(capacity: max(orderings * p, 1))
            triggerOrConceal = .allocate(capacity: max(p, 1))
            backfire = .allocate(capacity: max(p, 1))
            misuseReduction = .allocate(capacity: max(p, 1))
            requiredBit = .allocate(capacity: max(p, 1))
            ancestorMask = .allocate(capacity: max(p, 1))
            orderingGradient = .allocate(capacity: max(p, 1))
            for j in 0..<p {
                triggerOrConceal[j] = model.triggerOrConceal[j]
                backfire[j] = model.programs[j].backfire
                misuseReduction[j] = model.programs[j].misuseReduction
                requiredBit[j] = model.requirements.requiredBit[j]
                ancestorMask[j] = model.requirements.ancestorMask[j]
            }
            required = model.requirements.required
            downSets = model.requirements.downSets
            boundaries = model.requirements.boundaries
            misuseBaseline = model.misuseBaseline
            stopBaseline = model.stopBaseline
            groupOrder = .allocate(capacity: max(orderings * p, 1))
            groupStart = .allocate(capacity: orderings * (n + 2))
            for o in 0..<orderings {
                let levels = model.sufficiencyLevels[o]
                let starts = groupStart + o * (n + 2)
                var position = 0
                for j in 0..<p { techniqueLevel[o * p + j] = levels[j] }
                for g in 0...n {
                    starts[g] = position
                    for j in 0..<p where (levels[j] == 0 ? n : levels[j] - 1) == g {
                        groupOrder[o * p + position] = j
                        position += 1
                    }
                }
                starts[n + 1] = position
            }
            adjoint = .allocate(capacity: 24 * (n + 1) + 12 * max(p, 1))
            general = model.isGeneral
            stopByLevel = model.structure.stopBaselineByLevel
            misuseByLevel = model.structure.misuseBaselineByLevel
            stopCost = model.structure.stopCost
            falseAlarmBaseline = model.structure.falseAlarmBaseline
            generalScratch = .allocate(capacity: n + 1)
            falseAlarm = .allocate(capacity: max(p, 1))
            for j in 0..<p { falseAlarm[j] = model.programs[j].falseAlarm }
            backfireByLevel = .allocate(capacity: max(p * n, 1))
            evidenceByLevel = .allocate(capacity: max(p * n, 1))
            alarmOrMisuse = .allocate(capacity: max(p, 1))
            for j in 0..<p {
                alarmOrMisuse[j] = 1 - (1 - falseAlarm[j]) * (1 - misuseReduction[j])
            }
            // Which lists are given by level matters only to the general pass; the plain one has none.
            let backfireListed = model.isGeneral ? model.programs.map { $0.backfireByLevel != nil } : []
            let evidenceListed = model.isGeneral ? model.programs.map { $0.evidenceByLevel != nil } : []
            let hasLevels = zip(backfireListed, evidenceListed).map { $0 || $1 }
            self.backfireListed = backfireListed
            self.evidenceListed = evidenceListed
            self.hasLevels = hasLevels
            levelPrograms = hasLevels.indices.filter { hasLevels[$0] }
            if general {
                for (j, program) in model.programs.enumerated() {
                    // The general pass reads a level-free program's backfire and trigger-or-conceal
                    // chance from `backfire` and `triggerOrConceal`; one given by level has rows here
                    // (a single value repeated for the field not given by level) and contributes
                    // through its own loop instead.
                    guard hasLevels[j] else { continue }
                    for k in 0..<n {
                        backfireByLevel[j * n + k] = program.backfireByLevel?[k] ?? program.backfire
                        evidenceByLevel[j * n + k] = program.evidenceByLevel?[k] ?? program.evidence
                    }
                    backfire[j] = 0
                    triggerOrConceal[j] = 0
                }
                adjointFactors = Array(repeating: 0, count: 14 * p)
                adjointSuffix = Array(repeating: 0, count: 7 * p + 14)
            }
        }

        /// Sets one program's backfire h, evidence e and misuse reduction u (Monte Carlo samples).
        @inline(__always)
        func setParameters(program j: Int, backfire h: Double, evidence e: Double, misuseReduction u: Double) {
            misuseReduction[j] = u
            alarmOrMisuse[j] = 1 - (1 - falseAlarm[j]) * (1 - u)
            if general && hasLevels[j] {
                // The field not given by level is one number, repeated across its row.
                if !backfireListed[j] { for k in 0..<n { backfireByLevel[j * n + k] = h } }
                if !evidenceListed[j] { for k in 0..<n { evidenceByLevel[j * n + k] = e } }
                return
            }
            backfire[j] = h
            triggerOrConceal[j] = 1 - (1 - e) * (1 - h)
        }

        /// Sets one value given by level (a Monte Carlo draw of it); other targets are ignored.
        func setLevelValue(_ target: ParameterTarget, _ value: Double) {
            switch target {
            case .stopBaselineAtLevel(let k): stopByLevel?[k] = value
            case .misuseBaselineAtLevel(let k): misuseByLevel?[k] = value
            case let .programAtLevel(j, field, k):
                if field == .backfire { backfireByLevel[j * n + k] = value } else { evidenceByLevel[j * n + k] = value }
            default: break
            }
        }

        /// Sets every value given by level from a drawn scenario's programs and structure (the race
        /// scores each trajectory's draw this way).
        func setLevelValues(programs: [Program], structure: Structure) {
            guard general else { return }
            for (j, program) in programs.enumerated() {
                if let levels = program.backfireByLevel { for k in 0..<n { backfireByLevel[j * n + k] = levels[k] } }
                if let levels = program.evidenceByLevel { for k in 0..<n { evidenceByLevel[j * n + k] = levels[k] } }
            }
            if stopByLevel != nil { stopByLevel = structure.stopBaselineByLevel }
            if misuseByLevel != nil { misuseByLevel = structure.misuseBaselineByLevel }
        }

        deinit {
            for pointer in [
                perLevel, effective, scratchReadiness, triggerOrConceal, backfire, misuseReduction, orderingGradient,
            ] {
                pointer.deallocate()
            }
            adjoint.deallocate()
            generalScratch.deallocate()
            falseAlarm.deallocate()
            backfireByLevel.deallocate()
            evidenceByLevel.deallocate()
            alarmOrMisuse.deallocate()
            techniqueLevel.deallocate()
            requiredBit.deallocate()
            ancestorMask.deallocate()
            groupOrder.deallocate()
            groupStart.deallocate()
        }

        /// Writes P(safe | w) for every world (O·N values) into `out`, summing over the down-sets of H.
        func worldSafety(readiness r: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
            out.update(repeating: 0, count: orderings * n)
            if required.isEmpty {
                for o in 0..<orderings { accumulate(readiness: r, ordering: o, weight: 1, into: out + o * n) }
                return
            }
            for index in downSets.indices {
                let weight = downSetWeight(index, readiness: r)
                if weight == 0 { continue }
                setEffectiveReadiness(downSets[index], readiness: r)
                for o in 0..<orderings { accumulate(readiness: effective, ordering: o, weight: weight, into: out + o * n) }
            }
        }

        /// P(safe | w) for every world when exactly the programs with `usable[j] == 1` are usable
        /// (`requires` already applied by the caller).
        func outcome(usable: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
            out.update(repeating: 0, count: orderings * n)
            for o in 0..<orderings { accumulate(readiness: usable, ordering: o, weight: 1, into: out + o * n) }
        }

        /// Π_{h ∈ U} R_h · Π_{h ∈ B(U)} (1 − R_h) for down-set `index`.
        @inline(__always)
        func downSetWeight(_ index: Int, readiness r: UnsafePointer<Double>) -> Double {
            let usable = downSets[index]
            let boundary = boundaries[index]
            var weight = 1.0
            for (position, h) in required.enumerated() {
                let bit = UInt32(1) << UInt32(position)
                if usable & bit != 0 {
                    weight *= r[h]
                } else if boundary & bit != 0 {
                    weight *= 1 - r[h]
                }
            }
            return weight
        }

        /// Fills `effective` for the usable members `usable` of H: 0 under an unusable ancestor,
        /// 1 or 0 for a member of H, and R_j otherwise.
        @inline(__always)
        func setEffectiveReadiness(_ usable: UInt32, readiness r: UnsafePointer<Double>) {
            for j in 0..<p {
                if ancestorMask[j] & ~usable != 0 {
                    effective[j] = 0
                } else if requiredBit[j] != 0 {
                    effective[j] = usable & requiredBit[j] != 0 ? 1 : 0
                } else {
                    effective[j] = r[j]
                }
            }
        }

        /// Adds weight·P(safe | o, k) for k = 1..N of the closed form without `requires`
        /// (<doc:TheModel>) to `out[0..<N]`, for ordering `o`.
        @inline(__always)
        private func accumulate(
            readiness r: UnsafePointer<Double>, ordering o: Int, weight: Double, into out: UnsafeMutablePointer<Double>
        ) {
            if general {
                accumulateGeneral(readiness: r, ordering: o, weight: weight, into: out)
                return
            }
            let notReady = perLevel
            let misuse = perLevel + n
            let conceal = perLevel + 2 * n
            let quiet = perLevel + 3 * n
            let suffix = perLevel + 4 * n
            let techniqueLevel = self.techniqueLevel + o * p
            for k in 0..<n {
                notReady[k] = 1
                misuse[k] = 1
                conceal[k] = 1
                quiet[k] = 1
            }
            var misuseOther = 1.0
            var concealOther = 1.0
            var quietOther = 1.0
            for j in 0..<p {
                let rj = r[j]
                let m = 1 - misuseReduction[j] * rj
                let c = 1 - backfire[j] * rj
                let q = 1 - triggerOrConceal[j] * rj
                let level = techniqueLevel[j]
                if level == 0 {
                    misuseOther *= m
                    concealOther *= c
                    quietOther *= q
                } else {
                    let k = level - 1
                    notReady[k] *= 1 - rj
                    misuse[k] *= m
                    conceal[k] *= c
                    quiet[k] *= q
                }
            }
            // suffix[k] = Π_{levels ≥ k+1} notReady = N_{k+1}
            var running = 1.0
            var k = n - 1
            while k >= 0 {
                running *= notReady[k]
                suffix[k] = running
                k -= 1
            }
            addWorlds(
                misuse: misuse, conceal: conceal, quiet: quiet,
                others: (misuseOther, concealOther, quietOther), unaligned: suffix, weight: weight, into: out)
        }

        /// Adds weight·P(safe | k) for k = 1..N of the plain closed form to `out[0..<N]`, from the
        /// products by level of 1 − u·R (`misuse`), 1 − h·R (`conceal`) and 1 − t·R (`quiet`) over
        /// the techniques at each level, the same products over the programs that are not
        /// techniques (`others`), and N_k = Π_{levels ≥ k} (1 − R) (`unaligned[k − 1]`). The
        /// evaluation and the reverse pass both take the worlds from here, so they agree to the bit.
        @inline(__always)
        func addWorlds(
            misuse: UnsafePointer<Double>, conceal: UnsafePointer<Double>, quiet: UnsafePointer<Double>,
            others: (misuse: Double, conceal: Double, quiet: Double), unaligned suffix: UnsafePointer<Double>,
            weight: Double, into out: UnsafeMutablePointer<Double>
        ) {
            var misuseAll = others.misuse
            for k in 0..<n { misuseAll *= misuse[k] }
            let m0 = misuseBaseline
            let quietStop = 1 - stopBaseline
            // Rest_k = programs that never suffice and techniques below k: prefix products.
            var misuseRest = others.misuse
            var concealRest = others.conceal
            var quietRest = others.quiet
            for k in 0..<n {
                let unaligned = k == 0 ? 0 : suffix[k]
                let value =
                    (1 - unaligned) - m0 * (misuseAll - unaligned * misuseRest)
                    + unaligned * (concealRest - quietStop * quietRest)
                out[k] += weight * value
                misuseRest *= misuse[k]
                concealRest *= conceal[k]
                quietRest *= quiet[k]
            }
        }

        /// Adds weight·u_w for the worlds of ordering `o`, one world at a time, with every switch of
        /// <doc:Assumptions> read at the world's level:
        ///
        ///     u_w = (1 − c)(1 − N_w) + c·(1 − a₀)·E_w[Π(1 − a_j U_j)]
        ///           − m₀(k)·(1 − a₀)·E_w[Π(1 − a_j U_j)(1 − u_j U_j)] + (1 − c)·N_w·Q_w
        ///     Q_w = Π_{Rest_w}(1 − h_j(k) R_j) − (1 − q₀(k))·Π_{Rest_w}[1 − R_j·(1 − (1 − e_j(k))(1 − h_j(k)))]
        ///     E_w[Π f_j] = Π_all E[f_j] − N_w·Π_{Rest_w} E[f_j]
        ///
        /// with E[1 − a_j U_j] = 1 − a_j R_j and E[(1 − a_j U_j)(1 − u_j U_j)] = 1 − R_j·(1 − (1 − a_j)(1 − u_j)).
        /// E_w[X] is the expectation of X on the event that the system is aligned: the readiness
        /// coins are independent, and "not aligned" is "no sufficient technique usable", whose
        /// probability N_w multiplies the Rest_w factors alone. With c = 0 and every a = 0 this is
        /// the plain closed form term for term; with c = 0 it is P(no catastrophe).
        /// - Complexity: O(N + P + N·L), L the programs whose backfire or evidence is given by level.
        func accumulateGeneral(
            readiness r: UnsafePointer<Double>, ordering o: Int, weight: Double, into out: UnsafeMutablePointer<Double>
        ) {
            // As in the plain pass, products by group (techniques by level, then every other
            // program) with prefix and suffix products over levels; a program whose backfire or
            // evidence is given by level leaves the concealment and quiet products to a loop per level.
            let notReady = perLevel
            let alarm = perLevel + n
            let alarmMisuse = perLevel + 2 * n
            let conceal = perLevel + 3 * n
            let quiet = perLevel + 4 * n
            let suffix = generalScratch
            let techniqueLevel = self.techniqueLevel + o * p
            for k in 0..<n {
                notReady[k] = 1
                alarm[k] = 1
                alarmMisuse[k] = 1
                conceal[k] = 1
                quiet[k] = 1
            }
            var alarmOther = 1.0
            var alarmMisuseOther = 1.0
            var concealOther = 1.0
            var quietOther = 1.0
            for j in 0..<p {
                let rj = r[j]
                let fa = 1 - falseAlarm[j] * rj
                let fam = 1 - alarmOrMisuse[j] * rj
                let level = techniqueLevel[j]
                let fc = 1 - backfire[j] * rj
                let fq = 1 - triggerOrConceal[j] * rj
                if level == 0 {
                    alarmOther *= fa
                    alarmMisuseOther *= fam
                    concealOther *= fc
                    quietOther *= fq
                } else {
                    let g = level - 1
                    notReady[g] *= 1 - rj
                    alarm[g] *= fa
                    alarmMisuse[g] *= fam
                    conceal[g] *= fc
                    quiet[g] *= fq
                }
            }
            var running = 1.0
            var g = n - 1
            while g >= 0 {
                running *= notReady[g]
                suffix[g] = running
                g -= 1
            }
            var allAlarm = alarmOther
            var allAlarmMisuse = alarmMisuseOther
            for g in 0..<n {
                allAlarm *= alarm[g]
                allAlarmMisuse *= alarmMisuse[g]
            }
            let c = stopCost
            let keep = 1 - falseAlarmBaseline
            var restAlarm = alarmOther
            var restAlarmMisuse = alarmMisuseOther
            var concealRest = concealOther
            var quietRest = quietOther
            for k in 0..<n {
                var concealWorld = concealRest
                var quietWorld = quietRest
                for j in levelPrograms where techniqueLevel[j] <= k {
                    let rj = r[j]
                    let h = backfireByLevel[j * n + k]
                    concealWorld *= 1 - h * rj
                    quietWorld *= 1 - rj * (1 - (1 - evidenceByLevel[j * n + k]) * (1 - h))
                }
                let unaligned = k == 0 ? 0 : suffix[k]
                let q0 = stopByLevel?[k] ?? stopBaseline
                let m0 = misuseByLevel?[k] ?? misuseBaseline
                let stopped = concealWorld - (1 - q0) * quietWorld
                let value =
                    (1 - c) * (1 - unaligned) + c * keep * (allAlarm - unaligned * restAlarm)
                    - m0 * keep * (allAlarmMisuse - unaligned * restAlarmMisuse) + (1 - c) * unaligned * stopped
                out[k] += weight * value
                restAlarm *= alarm[k]
                restAlarmMisuse *= alarmMisuse[k]
                concealRest *= conceal[k]
                quietRest *= quiet[k]
            }
        }

        /// P(safe | w) with R_j set to 1 (`high`) and to 0 (`low`); restores `r[j]`.
        func toggled(_ r: inout [Double], _ j: Int, high: inout [Double], low: inout [Double]) {
            let saved = r[j]
            r[j] = 1
            r.withUnsafeBufferPointer { rb in
                high.withUnsafeMutableBufferPointer { worldSafety(readiness: rb.baseAddress!, into: $0.baseAddress!) }
            }
            r[j] = 0
            r.withUnsafeBufferPointer { rb in
                low.withUnsafeMutableBufferPointer { worldSafety(readiness: rb.baseAddress!, into: $0.baseAddress!) }
            }
            r[j] = saved
        }
    }
}
