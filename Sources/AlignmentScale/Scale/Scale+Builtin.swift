extension Scale {
    /// The built-in ten-level scale of <doc:TheScale>.
    ///
    /// Level names, technique families, bands, thresholds and the failure-mode table are the facts
    /// of the argument; the summaries and risk lists are the project's own words.
    public static let builtin: Scale = {
        let levels: [Level] = [
            Level(
                number: 1, name: "Alignment by default",
                technique: "(strong) alignment by default: no special technique", band: .green,
                summary:
                    "Systems trained on human data with ordinary care already pursue what their developers intend. Alignment research is a safety margin rather than a necessity. What remains dangerous is what people choose to do with capable systems.",
                risks: [
                    "misuse by people with harmful goals",
                    "reckless or antisocial training objectives",
                    "institutional and structural failure",
                ]),
            Level(
                number: 2, name: "Reinforcement learning from human feedback",
                technique: "reinforcement learning from human feedback (RLHF)", band: .green,
                summary:
                    "Fine-tuning on human judgements of behaviour is enough to steer systems toward what we want. Failures come from objectives that are crude or mis-specified, not from systems working against their overseers.",
                risks: [
                    "crude or misspecified objectives",
                    "outer misalignment",
                    "slow structural failure as automated systems optimise measurable proxies",
                ]),
            Level(
                number: 3, name: "Constitutional AI",
                technique: "constitutional AI / RL from AI feedback", band: .green,
                summary:
                    "Human feedback is too sparse to cover the rare cases, but feedback that AI systems generate against written principles fills the gaps. Training on behaviour still works because systems do not yet model their overseers well enough to game them.",
                risks: [
                    "human feedback too thin to cover edge cases",
                    "written principles that are incomplete or conflict",
                ]),
            Level(
                number: 4, name: "Scalable oversight",
                technique: "scalable oversight", band: .orange,
                summary:
                    "A system can learn to look aligned to a human-level judge while aiming at something else, so feedback has to come from oversight stronger than the system it judges. Structured or amplified human oversight still catches the pretence.",
                risks: [
                    "systems that simulate what the overseer wants to see",
                    "oversight that falls behind as capability grows",
                ]),
            Level(
                number: 5, name: "Scalable oversight with AI research assistance",
                technique: "scalable oversight with AI research assistance (e.g. IDA, debate)", band: .orange,
                summary:
                    "Oversight strong enough to expose deception needs AI systems to do part of the work, as in iterated amplification or debate. It succeeds only if each assistant in the chain can itself be trusted.",
                risks: [
                    "deception that only AI-assisted oversight can expose",
                    "errors compounding along chains of assistants",
                ]),
            Level(
                number: 6, name: "Interpretability-based oversight",
                technique: "oversight using advanced interpretability", band: .red,
                summary:
                    "A system can earn flawless behavioural feedback while being misaligned inside, so safety depends on reading its internal reasoning. Everything rests on interpretability tools that reliably find deceptive cognition in frontier models.",
                risks: [
                    "deception that survives perfect behavioural feedback",
                    "interpretability tools that miss what matters or are gamed",
                ]),
            Level(
                number: 7, name: "Experiments with dangerous systems",
                technique: "contained experiments with potentially catastrophic systems", band: .red,
                summary:
                    "Systems can evade both oversight and inspection, and the only way to learn how they fail is to build dangerous ones and study them in containment. This works only while such systems can still be held safely.",
                risks: [
                    "systems that evade oversight and interpretability",
                    "escape or misuse of the systems under study",
                    "lessons that do not carry over to deployed systems",
                ]),
            Level(
                number: 8, name: "Theory of misalignment generalisation",
                technique: "theoretical research on how misalignment generalises", band: .black,
                summary:
                    "Capabilities generalise suddenly, so weaker systems stop predicting stronger ones and nothing dangerous can be contained. Only a theory of how learned goals generalise can give assurance before the decisive system is built.",
                risks: [
                    "a sharp left turn: sudden generalisation that cannot be contained",
                    "no empirical warning before the decisive system",
                ]),
            Level(
                number: 9, name: "A new paradigm",
                technique: "a new paradigm that abandons deep learning", band: .black,
                summary:
                    "Deep learning cannot be made safe at transformative capability; aligned TAI needs a different way of building AI whose behaviour can be specified and verified. That paradigm must also be competitive enough that people actually use it.",
                risks: [
                    "deep learning itself cannot be aligned",
                    "a safer paradigm that comes too late or cannot compete",
                ]),
            Level(
                number: 10, name: "Impossible",
                technique: "impossible: no technique suffices", band: .black,
                summary:
                    "No technique suffices: transformative AI cannot be aligned at all. Safety then rests entirely on governance and coordination that keep it from being built.",
                risks: [
                    "alignment impossible in principle",
                    "failure to coordinate on not building TAI",
                ],
                impossible: true),
        ]
        let thresholds = [
            Threshold(
                after: 3, name: "behavioural safety is insufficient",
                meaning: "A system that earns perfect human feedback may have learned to simulate its overseer deceptively."),
            Threshold(
                after: 7, name: "sharp left turn",
                meaning: "Capabilities generalise suddenly; systems can no longer be contained or experimented on safely."),
        ]
        let modes: [(String, Int?)] = [
            ("misuse, reckless or antisocial training objectives", nil),
            (
                "crude or misspecified objectives; outer misalignment; structural failures (\"production web\", \"what failure looks like\" part 1)",
                2
            ),
            ("human feedback too thin to cover edge cases", 3),
            ("deceptive overseer-simulators that superhuman behavioural feedback can remove", 4),
            ("the same, needing AI-assisted research to oversee", 5),
            ("deception that survives perfect behavioural feedback", 6),
            ("systems that evade oversight and interpretability but can still be contained", 7),
            ("sharp left turn: uncontainable sudden generalisation", 8),
            ("deep learning itself cannot be aligned", 9),
            ("alignment impossible in principle", nil),
        ]
        do {
            return try Scale(
                levels: levels, thresholds: thresholds,
                failureModes: modes.map { FailureMode(name: $0.0, firstAddressedAt: $0.1, levelCount: levels.count) })
        } catch {
            preconditionFailure("the built-in scale is invalid: \(error)")
        }
    }()
}
