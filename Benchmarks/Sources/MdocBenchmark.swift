import Foundation
import IDCore

/// ISO/IEC 18013-5 verification of the SDK's virtual ID card as mdoc (11 elements, 4 presented),
/// beside two raw signature verifications of the same algorithm (the issuer's and the device's)
/// and, for ES256, beside isomdoc and pymdoccbor verifying the same DeviceResponse; interleaved
/// in rounds, medians with their spread.
enum MdocBenchmark {
    static let disclosed: Set<String> = ["name", "id_number", "portrait", "validity"]

    static func run(_ algorithms: [SignatureAlgorithm], seconds: Double, rounds: Int) async throws {
        print("\nmdoc (ISO/IEC 18013-5): virtual ID card, 11 elements, 4 presented, device signature, one thread, \(rounds) interleaved rounds of \(seconds) s; load \(loadAverage())\n")
        var table = ResultTable(columns: ["algorithm", "verify/s", "no certificate cache/s", "2 raw verifies/s", "verify cost / 2 raw", "µs beyond the signatures", "floor / 2 raw"])
        for algorithm in algorithms {
            let setup = try Setup(algorithm: algorithm)
            let cached = try setup.verifier(cacheAge: 300)
            let uncached = try setup.verifier(cacheAge: 0)
            guard await cached.verify(setup.response, for: setup.request).isAccepted else { throw BenchmarkError("the benchmark DeviceResponse does not verify") }
            let message = Data(repeating: 0x41, count: 900)
            let signature = try setup.documentSignerKey.signature(for: message)
            let key = setup.documentSignerKey.publicKey
            let withCache = await InterleavedRounds.measure(rounds: rounds, seconds: seconds, sdk: {
                _ = await cached.verify(setup.response, for: setup.request)
            }, reference: {
                _ = key.isValidSignature(signature, for: message)
                _ = key.isValidSignature(signature, for: message)
            })
            let floor = try MdocVerificationFloor(response: setup.response, request: setup.request, issuerKey: key)
            guard try floor.run() else { throw BenchmarkError("the floor's signatures do not verify") }
            let floorRounds = try await InterleavedRounds.measure(rounds: rounds, seconds: seconds, sdk: { _ = try floor.run() }, reference: {
                _ = key.isValidSignature(signature, for: message)
                _ = key.isValidSignature(signature, for: message)
            })
            var withoutCache: [Double] = []
            for _ in 0..<rounds { withoutCache.append(await Throughput.measure(seconds: seconds) { _ = await uncached.verify(setup.response, for: setup.request) }) }
            table.add([algorithm.joseName, InterleavedRounds.spread(withCache.pairs.map(\.sdk)), InterleavedRounds.spread(withoutCache),
                       InterleavedRounds.spread(withCache.pairs.map(\.reference)), "\(withCache.medianCostRatio.formatted(decimals: 2)) (\(withCache.spread))",
                       (1e6 / withCache.medianSDKRate - 1e6 / withCache.medianReferenceRate).formatted(decimals: 0),
                       "\(floorRounds.medianCostRatio.formatted(decimals: 2)) (\(floorRounds.spread))"])
            if algorithm == .es256 { try await comparePeers(setup, seconds: seconds, rounds: rounds) }
        }
        print(table.render())
        print("""

        verify: DeviceResponse decoding, the document signer against the IACA (cached by certificate for up to 300 s, as MdocVerifier
          does by default), the issuer's COSE_Sign1, the MSO, every digest, required elements, validity, the device signature.
        no certificate cache: the same with the path validation (OpenSSL X509_verify_cert, one more signature) on every document.
        verify cost / 2 raw = time of one verify / time of two raw verifications of the algorithm (target at most 1.20), median (spread).
        floor / 2 raw = the OpenSSL work no verifier of this response can skip (the device key read from its raw point, both
          signatures over the response's own Sig_structures, every presented element's digest), in rounds of its own beside the raw pair.
        """)
    }

    /// The same ES256 response verified by isomdoc and pymdoccbor in their own processes.
    private static func comparePeers(_ setup: Setup, seconds: Double, rounds: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-mdoc-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = ["response.cbor": Data(setup.response), "iaca.pem": Data(setup.iaca.pemRepresentation.utf8),
                     "transcript.cbor": Data(CBOREncoder.encode(setup.request.sessionTranscript, mapOrder: .asGiven))]
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        guard let peer = try ScriptPeer(script: "mdoc_peers.py", arguments: ["response.cbor", "iaca.pem", "transcript.cbor"].map { folder.appendingPathComponent($0).path })
        else { return }
        let verifier = try setup.verifier(cacheAge: 300)
        var sdk: [Double] = [], isomdoc: [Double] = [], pymdoccbor: [Double] = []
        for _ in 0..<rounds {
            sdk.append(await Throughput.measure(seconds: seconds) { _ = await verifier.verify(setup.response, for: setup.request) })
            isomdoc.append(try peer.ask("rate isomdoc \(seconds)")["rate"] as? Double ?? 0)
            pymdoccbor.append(try peer.ask("rate pymdoccbor \(seconds)")["rate"] as? Double ?? 0)
        }
        let mine = InterleavedRounds.median(sdk.sorted())
        print("Same ES256 DeviceResponse (\(peer.configuration.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))), verifications per second:")
        print("  SDK \(InterleavedRounds.spread(sdk)) (everything above)")
        print("  isomdoc \(InterleavedRounds.spread(isomdoc)) (issuer signature, digests, device signature; no certificate chain): SDK \((mine / InterleavedRounds.median(isomdoc.sorted())).formatted(decimals: 1))x")
        print("  pymdoccbor \(InterleavedRounds.spread(pymdoccbor)) (certificate against the IACA, issuer signature, digests; no device authentication): SDK \((mine / InterleavedRounds.median(pymdoccbor.sorted())).formatted(decimals: 1))x\n")
    }

    /// An IACA, a document signer and a wallet of one algorithm, and a virtual ID card issued
    /// and presented between them.
    struct Setup {
        let iaca: X509Certificate
        let documentSignerKey: SigningKey
        let response: [UInt8]
        let request: MdocRequest

        init(algorithm: SignatureAlgorithm) throws {
            let now = Date()
            let iacaKey = try SigningKey(generating: algorithm)
            iaca = try MdocCertificateProfile.iacaCertificate(name: X509Name(commonName: "Benchmark IACA", country: "CN"), signer: iacaKey,
                                                             notBefore: now - 86_400, notAfter: now + 365 * 86_400, issuerAlternativeName: .uri("https://iaca.example"))
            documentSignerKey = try SigningKey(generating: algorithm)
            let certificate = try MdocCertificateProfile.documentSignerCertificate(
                name: X509Name(commonName: "Benchmark DS", country: "CN"), documentSignerKey: documentSignerKey.publicKey, iaca: iaca, iacaSigner: iacaKey,
                notBefore: now - 86_400, notAfter: now + 300 * 86_400, crlDistributionPoint: "https://iaca.example/ds.crl", issuerAlternativeName: .uri("https://iaca.example"))
            let wallet = try SigningKey(generating: algorithm)
            let type = SDKDocumentType.virtualIDCard
            let issued = try MdocIssuer(signer: documentSignerKey, certificateChain: [certificate]).issue(
                docType: type.docType, nameSpaces: [(type.namespace, try SDKDocumentType.elements(of: SampleCard.make()))], deviceKey: wallet.publicKey,
                validity: .init(signed: now - 60, validFrom: now - 60, validUntil: now + 30 * 86_400))
            let transcript: CBORValue = [.null, .null, ["OpenID4VPHandover", .bytes(Array(repeating: 7, count: 32)), .bytes(Array(repeating: 9, count: 32))]]
            response = DeviceResponse(documents: [try MdocHolder.present(issued, docType: type.docType, disclosing: [type.namespace: MdocBenchmark.disclosed],
                                                                         sessionTranscript: transcript, deviceSigner: wallet)]).encoded()
            request = MdocRequest(docType: type.docType, requiredElements: [type.namespace: ["name", "id_number", "portrait"]], sessionTranscript: transcript)
        }

        func verifier(cacheAge: TimeInterval) throws -> MdocVerifier {
            MdocVerifier(trust: try IACATrust(anchors: [iaca]), acceptedDocTypes: [SDKDocumentType.virtualIDCard.docType], certificateCacheAge: cacheAge)
        }
    }
}
