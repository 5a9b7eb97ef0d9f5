import Foundation
import NamectlTestSupport
import Testing

/// `namectl daemon` flags: every time and limit is range-checked before anything starts.
@Suite struct DaemonFlagTests {
    @Test func outOfRangeFlagsExitWith2NamingTheFlag() throws {
        let home = NamectlBinary.temporaryHome("namectl-daemon-flags")
        let cases: [([String], String)] = [
            (["--idle-timeout", "inf"], "idle-timeout"), (["--idle-timeout", "1e11"], "idle-timeout"),
            (["--republish-interval", "0"], "republish-interval"), (["--republish-interval", "2628000h"], "republish-interval"),
            (["--read-timeout", "nan"], "read-timeout"), (["--lifetime", "300y"], "lifetime"), (["--max-connections", "0"], "max-connections"),
            (["--put-rate", "-1"], "put-rate"), (["--cache-size", "12"], "cache-size"), (["--threads", "1000"], "threads"),
            (["--dht-keepalive", "0"], "dht-keepalive"), (["--dht-keepalive", "3h"], "dht-keepalive"),
            (["--dht-keepalive", "soon"], "dht-keepalive"), (["--dht-keepalive", "-5m"], "dht-keepalive"),
        ]
        for (flags, named) in cases {
            let (process, _, err) = NamectlBinary.process(home: home, ["daemon", "--listen", "127.0.0.1:0", "--no-republish"] + flags)
            try process.run()
            let message = waitCollecting(process, output: err, seconds: 20)
            #expect(process.terminationStatus == 2, "\(flags)")
            #expect(message.contains(named), "\(flags): \(message)")
        }
    }
}
