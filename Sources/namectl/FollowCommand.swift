import ArgumentParser
import NameDHT
import NameKeys

struct FollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Names `namectl daemon --dht` keeps alive on the DHT for others.",
        discussion: """
            DHT nodes drop an item about two hours after its last put. A daemon with --dht re-puts the
            original signed item of every followed name (same sequence, value and signature: no key
            needed) before that, and serves the record over HTTP.

            Examples:
              namectl follow add k51qzi5uqu5d…
              namectl follow list
              namectl follow rm k51qzi5uqu5d…
            """,
        subcommands: [FollowAdd.self, FollowShow.self, FollowRemove.self]
    )
}

extension CLIContext {
    /// The home's follow list (`<home>/dht-follow`).
    func followList() throws(CLIError) -> FollowList {
        do { try AtomicFile.ensureDirectory(home) } catch {
            throw CLIError("cannot use data directory \(home): \(error.reason)", .stateError)
        }
        return FollowList(path: home + "/dht-follow")
    }
}

/// A followed name from the command line: a name that embeds its Ed25519 key (the DHT needs it).
func parseFollowedName(_ text: String) throws(CLIError) -> Name {
    let stripped = text.hasPrefix("/ipns/") ? String(text.dropFirst(6)) : text
    let name: Name
    do { name = try Name(stripped) } catch { throw CLIError(error) }
    guard name.embeddedKey?.type == .ed25519 else {
        throw CLIError("\(name) does not embed an Ed25519 key, so it has no DHT item to keep alive", .invalidInput)
    }
    return name
}
