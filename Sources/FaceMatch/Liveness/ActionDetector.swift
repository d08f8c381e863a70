/// Recognises one action in a stream of good frames, against the person's baseline. A pose
/// must hold for two frames in a row (one garbage frame does not turn the head), except the
/// closing of a blink, which a camera may catch in a single frame.
struct ActionDetector: Sendable {
    private var sawOpen = false
    private var sawClosed = false
    private var sawDown = false
    private var streak = 0

    /// Takes the next frame; true when the action is complete with it.
    mutating func observe(_ frame: FrameObservation, action: LivenessAction, baseline: SessionBaseline, configuration: LivenessConfiguration) -> Bool {
        switch action {
        case .blink:
            // Open, then closed, then open again: a blink that began before watching does not count.
            let open = frame.eyeOpenness >= baseline.eyeOpenness * configuration.eyesOpenFraction
            guard sawOpen else {
                sawOpen = open
                return false
            }
            guard sawClosed else {
                sawClosed = frame.eyeOpenness <= baseline.eyeOpenness * configuration.eyesClosedFraction
                return false
            }
            return open
        case .turnLeft:
            return held(frame.yaw - baseline.yaw >= configuration.headTurnDegrees)
        case .turnRight:
            return held(frame.yaw - baseline.yaw <= -configuration.headTurnDegrees)
        case .nod:
            let drop = frame.pitch - baseline.pitch
            guard sawDown else {
                sawDown = held(drop <= -configuration.nodDegrees)
                return false
            }
            return drop >= -configuration.nodDegrees / 3
        case .openMouth:
            return held(frame.mouthOpenness >= max(configuration.mouthOpen, baseline.mouthOpenness + 0.3))
        case .smile:
            return held((frame.smile ?? 0) >= configuration.smiling)
        }
    }

    /// Whether the face is back at rest for `action`'s pose (half the way back or more), for two
    /// frames in a row.
    mutating func isBackAtRest(_ frame: FrameObservation, action: LivenessAction, baseline: SessionBaseline, configuration: LivenessConfiguration) -> Bool {
        switch action {
        case .turnLeft, .turnRight: held(abs(frame.yaw - baseline.yaw) <= configuration.headTurnDegrees / 2)
        case .openMouth: held(frame.mouthOpenness <= baseline.mouthOpenness + 0.15)
        case .smile: held((frame.smile ?? 0) < configuration.smiling / 2)
        case .blink, .nod: true
        }
    }

    private mutating func held(_ condition: Bool) -> Bool {
        streak = condition ? streak + 1 : 0
        return streak >= 2
    }
}

/// Watches for an action done before its prompt: only a pose reached from rest counts, so a
/// person still holding the previous attempt's pose, or returning from it, is not taken for a
/// recording.
struct AnticipationWatch: Sendable {
    private var rest = ActionDetector()
    private var pose = ActionDetector()
    private var isArmed = false

    /// Takes the next frame; true when the action was done from rest, before its prompt.
    mutating func observe(_ frame: FrameObservation, action: LivenessAction, baseline: SessionBaseline, configuration: LivenessConfiguration) -> Bool {
        guard isArmed else {
            isArmed = rest.isBackAtRest(frame, action: action, baseline: baseline, configuration: configuration)
            return false
        }
        return pose.observe(frame, action: action, baseline: baseline, configuration: configuration)
    }
}
