import FaceMatch
import Testing

@Suite("FaceMatchError")
struct FaceMatchErrorTests {
    @Test("Errors compare by code and print code and reason")
    func equalityByCode() {
        let error = FaceMatchError(.dimensionMismatch, "512 against 128")
        #expect(error == FaceMatchError(.dimensionMismatch, "other words"))
        #expect(error != FaceMatchError(.modelMismatch, "512 against 128"))
        #expect(error.description == "FaceMatchError(dimension-mismatch): 512 against 128")
    }
}
