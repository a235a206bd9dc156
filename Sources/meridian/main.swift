import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "dev" {
    exit(DevCommand.run(arguments: Array(arguments.dropFirst())))
}
print("meridian")
