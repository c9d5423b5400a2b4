import CPostgreSQL
import Foundation

/// libpq, opened with `dlopen` the first time a PostgreSQL URL is used rather than loaded with every process.
///
/// libpq pulls in Kerberos, LDAP, GnuTLS and OpenSSL (about twenty libraries, ~5 ms of dynamic linking and
/// constructors per process); `vernier ask` / `tell` on SQLite should not pay for them. `CPostgreSQL` provides
/// libpq's declarations and links nothing; the functions below shadow libpq's (a declaration in this module wins
/// over the imported one with the same signature), so the code of this target reads as plain libpq calls, each
/// going through the pointer `dlsym` found. A libpq function called here must have its shadow below (without one
/// the link fails with an undefined symbol). A program that links libpq itself gets that copy from `dlopen`.
///
/// When libpq cannot be opened, ``PQconninfoParse(_:_:)`` (the first call of every connection) fails with a
/// message naming the library, which ``PostgresConnectionInfo`` reports as the URL's error.
///
/// ```swift
/// let reason = LibPQ.loadError   // nil once libpq is open
/// ```
enum LibPQ {
    /// The file names tried, in order.
    #if os(macOS)
    static let candidates = ["libpq.5.dylib", "libpq.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib"]
    #else
    static let candidates = ["libpq.so.5", "libpq.so"]
    #endif

    /// libpq's entry points, or why they could not be found (opened once, on first use).
    static let loaded: Result<Functions, LoadError> = {
        do {
            return .success(try Functions(candidates: candidates))
        } catch let error as LoadError {
            return .failure(error)
        } catch {
            return .failure(LoadError(description: "\(error)"))
        }
    }()

    /// Why libpq is unavailable, or `nil` when it is open.
    static var loadError: LoadError? {
        if case .failure(let error) = loaded { return error }
        return nil
    }

    /// The entry points; only reached through a connection, which exists only when loading succeeded.
    static var functions: Functions {
        switch loaded {
        case .success(let functions): return functions
        case .failure(let error): fatalError("libpq used without a connection: \(error.description)")
        }
    }

    /// libpq could not be opened, or lacks a function Vernier calls (libpq 14 or newer is needed).
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The libpq functions this target calls, as C function pointers.
    struct Functions: @unchecked Sendable {
        typealias Connection = OpaquePointer?
        typealias PGResult = OpaquePointer?
        typealias Text = UnsafePointer<CChar>?
        typealias Texts = UnsafePointer<UnsafePointer<CChar>?>?

        let conninfoParse:
            @convention(c) (Text, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafeMutablePointer<
                PQconninfoOption
            >?
        let conninfoFree: @convention(c) (UnsafeMutablePointer<PQconninfoOption>?) -> Void
        let freemem: @convention(c) (UnsafeMutableRawPointer?) -> Void
        let connectdbParams: @convention(c) (Texts, Texts, Int32) -> Connection
        let status: @convention(c) (Connection) -> ConnStatusType
        let transactionStatus: @convention(c) (Connection) -> PGTransactionStatusType
        let errorMessage: @convention(c) (Connection) -> UnsafeMutablePointer<CChar>?
        let connectionNeedsPassword: @convention(c) (Connection) -> Int32
        let finish: @convention(c) (Connection) -> Void
        let reset: @convention(c) (Connection) -> Void
        let setNoticeProcessor:
            @convention(c) (Connection, PQnoticeProcessor?, UnsafeMutableRawPointer?) -> PQnoticeProcessor?
        let exec: @convention(c) (Connection, Text) -> PGResult
        let prepare: @convention(c) (Connection, Text, Text, Int32, UnsafePointer<Oid>?) -> PGResult
        let execPrepared:
            @convention(c) (Connection, Text, Int32, Texts, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) ->
                PGResult
        let sendQueryPrepared:
            @convention(c) (Connection, Text, Int32, Texts, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) ->
                Int32
        let sendQueryParams:
            @convention(c) (
                Connection, Text, Int32, UnsafePointer<Oid>?, Texts, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
            ) -> Int32
        let enterPipelineMode: @convention(c) (Connection) -> Int32
        let exitPipelineMode: @convention(c) (Connection) -> Int32
        let pipelineSync: @convention(c) (Connection) -> Int32
        let getResult: @convention(c) (Connection) -> PGResult
        let clear: @convention(c) (PGResult) -> Void
        let resultStatus: @convention(c) (PGResult) -> ExecStatusType
        let resultErrorField: @convention(c) (PGResult, Int32) -> UnsafeMutablePointer<CChar>?
        let cmdTuples: @convention(c) (PGResult) -> UnsafeMutablePointer<CChar>?
        let cmdStatus: @convention(c) (PGResult) -> UnsafeMutablePointer<CChar>?
        let ntuples: @convention(c) (PGResult) -> Int32
        let nfields: @convention(c) (PGResult) -> Int32
        let ftype: @convention(c) (PGResult, Int32) -> Oid
        let getisnull: @convention(c) (PGResult, Int32, Int32) -> Int32
        let getvalue: @convention(c) (PGResult, Int32, Int32) -> UnsafeMutablePointer<CChar>?

        /// Opens the first candidate that loads and looks every function up; throws naming the files tried or
        /// the missing function.
        init(candidates: [String]) throws {
            var reasons: [String] = []
            var opened: UnsafeMutableRawPointer?
            for candidate in candidates {
                opened = dlopen(candidate, RTLD_NOW | RTLD_LOCAL)
                if opened != nil { break }
                reasons.append(dlerror().map { String(cString: $0) } ?? "\(candidate): cannot be opened")
            }
            guard let handle = opened else {
                throw LoadError(
                    description: "PostgreSQL's client library cannot be loaded (install libpq5): "
                        + reasons.joined(separator: "; "))
            }
            func symbol<T>(_ name: String) throws -> T {
                guard let pointer = dlsym(handle, name) else {
                    throw LoadError(description: "libpq has no \(name) (libpq 14 or newer is needed)")
                }
                return unsafeBitCast(pointer, to: T.self)
            }
            conninfoParse = try symbol("PQconninfoParse")
            conninfoFree = try symbol("PQconninfoFree")
            freemem = try symbol("PQfreemem")
            connectdbParams = try symbol("PQconnectdbParams")
            status = try symbol("PQstatus")
            transactionStatus = try symbol("PQtransactionStatus")
            errorMessage = try symbol("PQerrorMessage")
            connectionNeedsPassword = try symbol("PQconnectionNeedsPassword")
            finish = try symbol("PQfinish")
            reset = try symbol("PQreset")
            setNoticeProcessor = try symbol("PQsetNoticeProcessor")
            exec = try symbol("PQexec")
            prepare = try symbol("PQprepare")
            execPrepared = try symbol("PQexecPrepared")
            sendQueryPrepared = try symbol("PQsendQueryPrepared")
            sendQueryParams = try symbol("PQsendQueryParams")
            enterPipelineMode = try symbol("PQenterPipelineMode")
            exitPipelineMode = try symbol("PQexitPipelineMode")
            pipelineSync = try symbol("PQpipelineSync")
            getResult = try symbol("PQgetResult")
            clear = try symbol("PQclear")
            resultStatus = try symbol("PQresultStatus")
            resultErrorField = try symbol("PQresultErrorField")
            cmdTuples = try symbol("PQcmdTuples")
            cmdStatus = try symbol("PQcmdStatus")
            ntuples = try symbol("PQntuples")
            nfields = try symbol("PQnfields")
            ftype = try symbol("PQftype")
            getisnull = try symbol("PQgetisnull")
            getvalue = try symbol("PQgetvalue")
        }
    }
}

// The shadowing functions, with the signatures Swift imports from libpq-fe.h.

/// libpq's `PQconninfoParse`; when libpq cannot be loaded, returns `nil` with the reason in `errmsg` (freed by
/// ``PQfreemem(_:)`` as libpq's own message is).
func PQconninfoParse(
    _ conninfo: UnsafePointer<CChar>!, _ errmsg: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>!
) -> UnsafeMutablePointer<PQconninfoOption>! {
    switch LibPQ.loaded {
    case .success(let functions):
        return functions.conninfoParse(conninfo, errmsg)
    case .failure(let error):
        errmsg?.pointee = strdup(error.description)
        return nil
    }
}

func PQfreemem(_ ptr: UnsafeMutableRawPointer!) {
    guard case .success(let functions) = LibPQ.loaded else { return free(ptr) }
    functions.freemem(ptr)
}

func PQconninfoFree(_ connOptions: UnsafeMutablePointer<PQconninfoOption>!) {
    LibPQ.functions.conninfoFree(connOptions)
}

func PQconnectdbParams(
    _ keywords: UnsafePointer<UnsafePointer<CChar>?>!, _ values: UnsafePointer<UnsafePointer<CChar>?>!,
    _ expand_dbname: Int32
) -> OpaquePointer! {
    guard case .success(let functions) = LibPQ.loaded else { return nil }
    return functions.connectdbParams(keywords, values, expand_dbname)
}

func PQstatus(_ conn: OpaquePointer!) -> ConnStatusType { LibPQ.functions.status(conn) }

func PQtransactionStatus(_ conn: OpaquePointer!) -> PGTransactionStatusType {
    LibPQ.functions.transactionStatus(conn)
}

func PQerrorMessage(_ conn: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.functions.errorMessage(conn) }

func PQconnectionNeedsPassword(_ conn: OpaquePointer!) -> Int32 { LibPQ.functions.connectionNeedsPassword(conn) }

func PQfinish(_ conn: OpaquePointer!) { LibPQ.functions.finish(conn) }

func PQreset(_ conn: OpaquePointer!) { LibPQ.functions.reset(conn) }

@discardableResult
func PQsetNoticeProcessor(
    _ conn: OpaquePointer!, _ proc: PQnoticeProcessor!, _ arg: UnsafeMutableRawPointer!
) -> PQnoticeProcessor! {
    LibPQ.functions.setNoticeProcessor(conn, proc, arg)
}

func PQexec(_ conn: OpaquePointer!, _ query: UnsafePointer<CChar>!) -> OpaquePointer! {
    LibPQ.functions.exec(conn, query)
}

func PQprepare(
    _ conn: OpaquePointer!, _ stmtName: UnsafePointer<CChar>!, _ query: UnsafePointer<CChar>!, _ nParams: Int32,
    _ paramTypes: UnsafePointer<Oid>!
) -> OpaquePointer! {
    LibPQ.functions.prepare(conn, stmtName, query, nParams, paramTypes)
}

func PQexecPrepared(
    _ conn: OpaquePointer!, _ stmtName: UnsafePointer<CChar>!, _ nParams: Int32,
    _ paramValues: UnsafePointer<UnsafePointer<CChar>?>!, _ paramLengths: UnsafePointer<Int32>!,
    _ paramFormats: UnsafePointer<Int32>!, _ resultFormat: Int32
) -> OpaquePointer! {
    LibPQ.functions.execPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)
}

func PQsendQueryPrepared(
    _ conn: OpaquePointer!, _ stmtName: UnsafePointer<CChar>!, _ nParams: Int32,
    _ paramValues: UnsafePointer<UnsafePointer<CChar>?>!, _ paramLengths: UnsafePointer<Int32>!,
    _ paramFormats: UnsafePointer<Int32>!, _ resultFormat: Int32
) -> Int32 {
    LibPQ.functions.sendQueryPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)
}

func PQsendQueryParams(
    _ conn: OpaquePointer!, _ command: UnsafePointer<CChar>!, _ nParams: Int32, _ paramTypes: UnsafePointer<Oid>!,
    _ paramValues: UnsafePointer<UnsafePointer<CChar>?>!, _ paramLengths: UnsafePointer<Int32>!,
    _ paramFormats: UnsafePointer<Int32>!, _ resultFormat: Int32
) -> Int32 {
    LibPQ.functions.sendQueryParams(
        conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)
}

func PQenterPipelineMode(_ conn: OpaquePointer!) -> Int32 { LibPQ.functions.enterPipelineMode(conn) }

@discardableResult
func PQexitPipelineMode(_ conn: OpaquePointer!) -> Int32 { LibPQ.functions.exitPipelineMode(conn) }

func PQpipelineSync(_ conn: OpaquePointer!) -> Int32 { LibPQ.functions.pipelineSync(conn) }

func PQgetResult(_ conn: OpaquePointer!) -> OpaquePointer! { LibPQ.functions.getResult(conn) }

func PQclear(_ res: OpaquePointer!) { LibPQ.functions.clear(res) }

func PQresultStatus(_ res: OpaquePointer!) -> ExecStatusType { LibPQ.functions.resultStatus(res) }

func PQresultErrorField(_ res: OpaquePointer!, _ fieldcode: Int32) -> UnsafeMutablePointer<CChar>! {
    LibPQ.functions.resultErrorField(res, fieldcode)
}

func PQcmdTuples(_ res: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.functions.cmdTuples(res) }

func PQcmdStatus(_ res: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.functions.cmdStatus(res) }

func PQntuples(_ res: OpaquePointer!) -> Int32 { LibPQ.functions.ntuples(res) }

func PQnfields(_ res: OpaquePointer!) -> Int32 { LibPQ.functions.nfields(res) }

func PQftype(_ res: OpaquePointer!, _ field_num: Int32) -> Oid { LibPQ.functions.ftype(res, field_num) }

func PQgetisnull(_ res: OpaquePointer!, _ tup_num: Int32, _ field_num: Int32) -> Int32 {
    LibPQ.functions.getisnull(res, tup_num, field_num)
}

func PQgetvalue(_ res: OpaquePointer!, _ tup_num: Int32, _ field_num: Int32) -> UnsafeMutablePointer<CChar>! {
    LibPQ.functions.getvalue(res, tup_num, field_num)
}
