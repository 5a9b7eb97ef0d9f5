/// namectl's documented exit codes.
enum ExitStatus: Int32 {
    case ok = 0
    case notFound = 1
    case invalidInput = 2
    case validationFailed = 3
    case keyError = 4
    case stateError = 5
    case networkError = 6
}
