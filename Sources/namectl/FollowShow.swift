import ArgumentParser
import NameDHT
import NameKeys

struct FollowShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List followed names and the sequence of the item kept for each.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let ctx = CLIContext(global, command: "follow")
        let all: [Name: MutableItem?]
        do { all = try ctx.followList().load() } catch let error as DHTError { throw CLIError(error.reason, .stateError) }
        let names = all.keys.sorted()
        if global.json {
            ctx.printJSON(["names": names.map { name -> [String: Any] in
                var o: [String: Any] = ["name": name.description]
                if let item = all[name] ?? nil { o["sequence"] = item.sequence }
                return o
            }])
            return
        }
        for name in names {
            print("\(name)  \((all[name] ?? nil).map { "seq \($0.sequence)" } ?? "no item kept yet")")
        }
    }
}
