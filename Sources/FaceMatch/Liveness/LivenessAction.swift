/// The language of the words a desk or kiosk shows.
public enum LivenessLanguage: String, Sendable, Hashable, CaseIterable {
    /// English.
    case english = "en"
    /// Simplified Chinese (简体中文).
    case simplifiedChinese = "zh-Hans"
}

/// What a person is asked to do in front of the camera.
public enum LivenessAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// Close and open the eyes.
    case blink
    /// Turn the head to the person's left.
    case turnLeft = "turn_left"
    /// Turn the head to the person's right.
    case turnRight = "turn_right"
    /// Nod the head.
    case nod
    /// Open the mouth.
    case openMouth = "open_mouth"
    /// Smile.
    case smile

    /// The words a desk or kiosk shows, in English.
    public var instruction: String { instruction(in: .english) }

    /// The words a desk or kiosk shows.
    public func instruction(in language: LivenessLanguage) -> String {
        switch (self, language) {
        case (.blink, .english): "Blink"
        case (.blink, .simplifiedChinese): "请眨眼"
        case (.turnLeft, .english): "Turn your head to the left"
        case (.turnLeft, .simplifiedChinese): "请向左转头"
        case (.turnRight, .english): "Turn your head to the right"
        case (.turnRight, .simplifiedChinese): "请向右转头"
        case (.nod, .english): "Nod"
        case (.nod, .simplifiedChinese): "请点头"
        case (.openMouth, .english): "Open your mouth"
        case (.openMouth, .simplifiedChinese): "请张嘴"
        case (.smile, .english): "Smile"
        case (.smile, .simplifiedChinese): "请微笑"
        }
    }

    /// Whether frames from a landmark model without a smile output can show the action.
    var needsSmileOutput: Bool { self == .smile }

    /// Whether the action is a pose held until the cue to return (a blink and a nod are not).
    public var isHeld: Bool {
        switch self {
        case .turnLeft, .turnRight, .openMouth, .smile: true
        case .blink, .nod: false
        }
    }

    /// The words shown while the pose is held, then at the cue to return.
    public static func holdInstruction(in language: LivenessLanguage) -> String { language == .english ? "Hold it" : "请保持" }

    /// The words shown at the cue to return.
    public static func returnInstruction(in language: LivenessLanguage) -> String { language == .english ? "Now back" : "请恢复" }
}
