import ArgumentParser

/// Every subcommand of `vernier`, in the order `--help` lists them. Add a command here when you add its file.
let registeredSubcommands: [any ParsableCommand.Type] = [
    BenchCommand.self,
    TrainCommand.self,
    TuneCommand.self,
    WorkerCommand.self,
    StorageBenchWorkerCommand.self,
    StudiesCommand.self,
    AskCommand.self,
    TellCommand.self,
    ReportCommand.self,
    DashboardCommand.self,
    LabCommand.self,
]
