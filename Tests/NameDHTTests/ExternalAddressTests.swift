import Testing
@testable import NameDHT

/// BEP 42 public-address learning: responders report the address our queries came from (`ip`); the
/// node believes a majority of distinct source networks, never one responder, and then takes a node
/// ID valid for that address.
@Suite struct ExternalAddressTests {
    /// Our public address as the honest responders see it (TEST-NET-3).
    static let me = DHTEndpoint(address: [203, 0, 113, 7], port: 40_000)!
    /// What lying responders claim.
    static let lie = DHTEndpoint(address: [192, 0, 2, 66], port: 40_000)!

    /// A responder at 198.51.`network`.`host` (TEST-NET-2).
    static func source(_ network: Int, _ host: Int = 1) -> DHTEndpoint {
        DHTEndpoint(address: [198, 51, UInt8(network), UInt8(host)], port: 6881)!
    }

    @Test func oneResponderIsNeverTrustedHoweverOftenItVotes() {
        var voter = ExternalAddressVoter(quorum: 1)
        #expect(voter.quorum == 2, "one responder never suffices")
        for _ in 0..<10 { #expect(voter.vote(Self.me, from: Self.source(1)) == nil) }
        #expect(voter.address(ipv6: false) == nil)
    }

    @Test func manyNodesOnOneNetworkCountAsOneSource() {
        var voter = ExternalAddressVoter(quorum: 3)
        for host in 1...50 { #expect(voter.vote(Self.lie, from: Self.source(7, host)) == nil) }
        #expect(voter.address(ipv6: false) == nil)
    }

    @Test func aQuorumOfDistinctNetworksIsLearnedOnce() {
        var voter = ExternalAddressVoter(quorum: 3)
        #expect(voter.vote(Self.me, from: Self.source(1)) == nil)
        #expect(voter.vote(Self.me, from: Self.source(2)) == nil)
        #expect(voter.vote(Self.me, from: Self.source(3)) == Self.me)
        #expect(voter.vote(Self.me, from: Self.source(4)) == nil, "reported only when it changes")
        #expect(voter.address(ipv6: false)?.address == Self.me.address)
    }

    @Test func aMinorityCannotWinButAMajorityMovesTheAddress() {
        var voter = ExternalAddressVoter(quorum: 3)
        for n in 1...3 { _ = voter.vote(Self.me, from: Self.source(n)) }
        for n in 10...12 { #expect(voter.vote(Self.lie, from: Self.source(n)) == nil, "3 of 6 is no majority") }
        #expect(voter.address(ipv6: false)?.address == Self.me.address)
        // A source's new vote replaces its old one: the address really changed (e.g. a new ISP lease).
        let moved = DHTEndpoint(address: [203, 0, 113, 99], port: 1)!
        for n in 1...3 { _ = voter.vote(moved, from: Self.source(n)) }
        #expect(voter.vote(moved, from: Self.source(20)) == moved, "4 of 7 sources")
        #expect(voter.address(ipv6: false) == moved)
    }

    @Test func privateBogusAndCrossFamilyReportsAreIgnored() {
        var voter = ExternalAddressVoter(quorum: 2)
        let v6source = DHTEndpoint(address: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 1, count: 12), port: 6881)!
        for n in 1...5 {
            #expect(voter.vote(DHTEndpoint(address: [192, 168, 1, 9], port: 1)!, from: Self.source(n)) == nil)
            #expect(voter.vote(DHTEndpoint(address: [0, 0, 0, 0], port: 1)!, from: Self.source(n)) == nil)
            #expect(voter.vote(Self.me, from: v6source) == nil, "an IPv4 address reported over IPv6")
        }
        #expect(voter.address(ipv6: false) == nil && voter.address(ipv6: true) == nil)
    }

    @Test func votesAreBoundedOldestFirst() {
        var voter = ExternalAddressVoter(quorum: 2, maxSources: 4)
        for n in 1...4 { _ = voter.vote(Self.lie, from: Self.source(n)) }
        #expect(voter.address(ipv6: false)?.address == Self.lie.address)
        // Four newer sources push all the old votes out.
        for n in 11...13 { _ = voter.vote(Self.me, from: Self.source(n)) }
        #expect(voter.address(ipv6: false)?.address == Self.me.address, "3 of the 4 kept votes")
    }

    @Test func theIPFieldTravelsInResponsesAndAWrongLengthIsIgnored() throws {
        let m = KRPCMessage(transactionID: [1, 2], body: .response(KRPCResponse(id: .random())), ip: Self.me)
        #expect(try KRPCMessage(decoding: m.encoded).ip == Self.me)
        let v6 = DHTEndpoint(address: [0x20, 0x01] + [UInt8](repeating: 7, count: 14), port: 9)!
        #expect(try KRPCMessage(decoding: KRPCMessage(transactionID: [1], body: .response(KRPCResponse(id: .random())), ip: v6).encoded).ip == v6)
        var odd = Bencode.dictionary([k("t"): .bytes([1]), k("y"): .string("r"), k("ip"): .bytes([1, 2, 3]),
                                      k("r"): .dictionary([k("id"): .bytes(NodeID.random().bytes)])]).encoded
        #expect(try KRPCMessage(decoding: odd).ip == nil)
        odd = Bencode.dictionary([k("t"): .bytes([1]), k("y"): .string("r"), k("ip"): .integer(5),
                                  k("r"): .dictionary([k("id"): .bytes(NodeID.random().bytes)])]).encoded
        #expect(try KRPCMessage(decoding: odd).ip == nil)
    }

    /// A node behind a NAT (10.0.0.5) bootstraps from public responders that each report its public
    /// address; `liars` more responders report another one.
    private func bootstrapBehindNAT(honest: Int, liars: Int, secure: Bool = false) async throws -> (node: DHTNode, initialID: NodeID) {
        let net = SimulatedNetwork()
        var seeds: [String] = []
        for i in 0..<(honest + liars) {
            let at = Self.source(100 + i)
            let reported = i < honest ? Self.me : Self.lie
            let responderID = BEP42.nodeID(for: at.address)!
            net.serve(at: at) { m, _ in
                KRPCMessage(transactionID: m.transactionID, body: .response(KRPCResponse(id: responderID)), ip: reported)
            }
            seeds.append("\(at)")
        }
        var config = DHTConfiguration()
        config.bootstrapNodes = seeds
        config.bindAddress6 = nil
        config.queryTimeout = .milliseconds(300)
        config.secure = secure
        let node = DHTNode(configuration: config) { () throws(DHTError) in
            net.makeTransport(at: DHTEndpoint(address: [10, 0, 0, 5], port: 6881)!)
        }
        try await node.start()
        let initialID = await node.id
        _ = try? await node.bootstrap()
        return (node, initialID)
    }

    @Test func nodeTakesABEP42IDForTheAddressAMajorityReportsAndKeepsItsTable() async throws {
        let (node, initialID) = try await bootstrapBehindNAT(honest: 4, liars: 2, secure: true)
        #expect(!BEP42.isValid(initialID, address: Self.me.address), "a random ID to start with")
        defer { Task { await node.stop() } }
        let status = await node.status()
        #expect(status.externalAddress?.address == Self.me.address)
        #expect(BEP42.isValid(await node.id, address: Self.me.address), "the ID now fits the public address")
        #expect(status.nodeID == (await node.id))
        #expect(status.routingTableSize == 6, "every responder kept across the ID change")
    }

    @Test func noMajorityKeepsTheIDAsItWas() async throws {
        let (node, initialID) = try await bootstrapBehindNAT(honest: 2, liars: 2)
        defer { Task { await node.stop() } }
        let status = await node.status()
        #expect(status.externalAddress == nil, "2 against 2: no majority")
        #expect(status.routingTableSize == 4)
        #expect(await node.id == initialID)
    }

    @Test func aFixedNodeIDIsKept() async throws {
        let net = SimulatedNetwork()
        let fixed = NodeID.random()
        var seeds: [String] = []
        for i in 0..<4 {
            let at = Self.source(50 + i)
            net.serve(at: at) { m, _ in KRPCMessage(transactionID: m.transactionID, body: .response(KRPCResponse(id: .random())), ip: Self.me) }
            seeds.append("\(at)")
        }
        var config = DHTConfiguration()
        config.bootstrapNodes = seeds
        config.bindAddress6 = nil
        config.nodeID = fixed
        let node = DHTNode(configuration: config) { () throws(DHTError) in net.makeTransport(at: DHTEndpoint(address: [10, 0, 0, 6], port: 6881)!) }
        try await node.start()
        defer { Task { await node.stop() } }
        _ = try? await node.bootstrap()
        #expect(await node.status().externalAddress?.address == Self.me.address)
        #expect(await node.id == fixed)
    }

    /// Our answers carry the requester's address as we saw it (BEP 42), so others can learn theirs.
    @Test func answersTellTheRequesterItsAddress() async throws {
        let node = DHTNode(configuration: loopbackConfiguration())
        let at = try await node.start()
        defer { Task { await node.stop() } }
        let peer = try RawPeer()
        defer { peer.close() }
        peer.send(KRPCMessage(transactionID: [9, 9], body: .query(.ping(id: .random()))).encoded, to: at)
        let answer = await peer.waitFor { $0.transactionID == [9, 9] }
        #expect(answer?.ip == peer.endpoint)
    }
}
