import FaceMatch
import Foundation
import Testing

@Suite("Threshold calibration and 1:1 verification")
struct CalibrationTests {
    /// Genuine and impostor scores of synthetic 128-d identities.
    static func scores(seed: UInt64, identities: Int, capturesPerIdentity: Int, noise: Float = 0.9) throws -> (genuine: [Float], impostor: [Float]) {
        var faces = SyntheticFaces(seed: seed)
        let people = (0..<identities).map { _ in faces.identity(dimension: 128) }
        let captures = try people.map { person in try (0..<capturesPerIdentity).map { _ in try faces.capture(of: person, noise: noise) } }
        var genuine: [Float] = []
        var impostor: [Float] = []
        for (index, own) in captures.enumerated() {
            genuine.append(try own[0].cosineSimilarity(to: own[1]))
            for other in captures[(index + 1)...] { impostor.append(try own[0].cosineSimilarity(to: other[1])) }
        }
        return (genuine, impostor)
    }

    @Test("The threshold for a target false-match rate holds on a held-out set within sampling error")
    func heldOut() throws {
        let calibrationSet = try Self.scores(seed: 11, identities: 320, capturesPerIdentity: 2)
        let heldOut = try Self.scores(seed: 12, identities: 320, capturesPerIdentity: 2)
        let rate = 1e-3
        let calibration = try ThresholdCalibration(genuineScores: calibrationSet.genuine, impostorScores: calibrationSet.impostor)
        let point = try calibration.operatingPoint(forFalseMatchRate: rate)
        #expect(point.falseMatchRate <= rate)
        let measured = try ThresholdCalibration(genuineScores: heldOut.genuine, impostorScores: heldOut.impostor).operatingPoint(at: point.threshold)
        let expected = rate * Double(heldOut.impostor.count)
        let sigma = expected.squareRoot()
        let observed = measured.falseMatchRate * Double(heldOut.impostor.count)
        #expect(abs(observed - expected) <= 4 * sigma + 1, "observed \(observed) false matches, expected \(expected) ± \(sigma)")
        #expect(measured.falseNonMatchRate < 0.05)
        print("Calibration at FMR \(rate): threshold \(point.threshold), held-out FMR \(measured.falseMatchRate) over \(heldOut.impostor.count) impostors, FNMR \(measured.falseNonMatchRate)")
    }

    @Test("Too few impostor scores for the target is an honest error naming the count needed")
    func insufficient() throws {
        let calibration = try ThresholdCalibration(genuineScores: [0.7, 0.8], impostorScores: [Float](repeating: 0.1, count: 2999))
        let error = try #require(throws: FaceMatchError.self) { try calibration.operatingPoint(forFalseMatchRate: 1e-3) }
        #expect(error.code == .insufficientData)
        #expect(error.reason.contains("3000"))
        #expect(ThresholdCalibration.requiredImpostorScores(forFalseMatchRate: 1e-6) == 3_000_000)
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try calibration.operatingPoint(forFalseMatchRate: 0) }
        #expect(throws: FaceMatchError(.insufficientData, "")) { try ThresholdCalibration(genuineScores: [], impostorScores: [0.1]) }
        #expect(throws: FaceMatchError(.invalidParameter, "")) { try ThresholdCalibration(genuineScores: [.nan], impostorScores: [0.1]) }
    }

    @Test("Rates, the equal error rate and the curve follow their definitions")
    func definitions() throws {
        let calibration = try ThresholdCalibration(genuineScores: [0.3, 0.5, 0.7, 0.9], impostorScores: [0.0, 0.2, 0.4, 0.6])
        let point = calibration.operatingPoint(at: 0.5)
        #expect(point.falseMatchRate == 0.25)
        #expect(point.falseNonMatchRate == 0.25)
        #expect(calibration.equalErrorRate.falseMatchRate == calibration.equalErrorRate.falseNonMatchRate)
        let curve = calibration.curve()
        #expect(curve.map(\.threshold) == curve.map(\.threshold).sorted())
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.falseMatchRate >= $1.falseMatchRate && $0.falseNonMatchRate <= $1.falseNonMatchRate })
    }

    @Test("A profile serialises, loads into a verifier, and decides at its threshold")
    func profileAndVerifier() throws {
        let scores = try Self.scores(seed: 5, identities: 200, capturesPerIdentity: 2)
        let calibration = try ThresholdCalibration(genuineScores: scores.genuine, impostorScores: scores.impostor)
        let profile = try calibration.profile(modelID: "arcface-r100-v1", falseMatchRate: 1e-3)
        let json = try JSONEncoder().encode(profile)
        #expect(String(decoding: json, as: UTF8.self).contains("\"false_match_rate\""))
        let loaded = try JSONDecoder().decode(CalibrationProfile.self, from: json)
        #expect(loaded == profile)
        let verifier = FaceVerifier(profile: loaded)
        var faces = SyntheticFaces(seed: 77)
        let guest = faces.identity(dimension: 128)
        let stranger = faces.identity(dimension: 128)
        let reference = try FaceTemplate(embedding: faces.capture(of: guest, noise: 0.9), modelID: "arcface-r100-v1")
        let same = try verifier.compare(probe: FaceTemplate(embedding: faces.capture(of: guest, noise: 0.9), modelID: "arcface-r100-v1"), reference: reference)
        let other = try verifier.compare(probe: FaceTemplate(embedding: faces.capture(of: stranger, noise: 0.9), modelID: "arcface-r100-v1"), reference: reference)
        #expect(same.isMatch && !other.isMatch)
        #expect(same.falseMatchRate == 1e-3 && same.threshold == profile.threshold)
        let foreign = try FaceTemplate(embedding: faces.capture(of: guest), modelID: "facenet-512")
        #expect(throws: FaceMatchError(.modelMismatch, "")) { try verifier.compare(probe: foreign, reference: reference) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(CalibrationProfile.self, from: Data("{\"model_id\":\"m\",\"threshold\":5,\"false_match_rate\":0.1,\"measured_false_non_match_rate\":0,\"impostor_comparisons\":1,\"genuine_comparisons\":1}".utf8)) }
    }
}
