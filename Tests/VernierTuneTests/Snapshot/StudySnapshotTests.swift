import Foundation
import Testing
import VernierTune

/// A study whose values need every bit: random log-scale floats, thirds, a float widened from `Float`, tiny and
/// huge numbers, a failed trial whose reason holds a comma, a quote and a newline.
private func awkwardStudy() throws -> Study {
    let study = try Study(
        name: "awkward, \"quoted\"", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 7))
    let values: [Double] = [0.1 + 0.2, 1.0 / 3, Double(Float(0.01)), 5e-324, 1.7976931348623157e308, -0.0]
    for (index, value) in values.enumerated() {
        let trial = try study.ask()
        let lr = try trial.suggestFloat("lr", in: 1e-5...1, log: true)
        _ = try trial.suggestInt("layers", in: 1...4)
        _ = try trial.suggestCategorical("note", ["a,b", "say \"hi\"", "plain"])
        try trial.setUserAttribute(.repeatValues, .array([.double(lr / 3), .double(value), .string("r\(index)")]))
        try trial.setUserAttribute(.valueSD, .double(lr / 7))
        try trial.setSystemAttribute(.workerID, .string("w-\(index % 2)"))
        try trial.report(lr / 9, step: 1)
        try trial.report(value, step: 2)
        try study.tell(trial, value: value)
    }
    let failed = try study.ask()
    _ = try failed.suggestFloat("lr", in: 1e-5...1, log: true)
    try study.tell(trialNumber: failed.number, state: .failed, failReason: "diverged, \"badly\"\nat step 3")
    return study
}

/// Runs `python3 -c script arguments…` and returns its standard output; the test fails when python3 is missing.
private func python(_ script: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 failed (is it installed?): \(message)")
    return data
}

private func temporaryFile(_ name: String, _ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)-\(name)")
    try text.write(to: path, atomically: true, encoding: .utf8)
    return path.path
}

private func bits(_ value: Double) -> String {
    let hex = String(value.bitPattern, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// Python helpers: `bits(x)` is the 16-hex-digit IEEE pattern of `float(x)`, `micros(text)` the microseconds
/// since 1970 of an ISO-8601 date.
private let pythonPrelude = """
    import csv, json, struct, sys, datetime
    def bits(x): return struct.pack('>d', float(x)).hex()
    def micros(text):
        moment = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
        delta = moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return str((delta.days * 86400 + delta.seconds) * 1000000 + delta.microseconds)
    """

/// What Python should have read for one trial, in the same string form the scripts print.
private func expected(_ trial: FrozenTrial) -> [String: String] {
    var row: [String: String] = ["state": trial.state.rawValue]
    if let value = trial.value { row["value"] = bits(value) }
    if let lr = trial.externalParameters["lr"]?.doubleValue { row["lr"] = bits(lr) }
    if let layers = trial.externalParameters["layers"] { row["layers"] = layers.description }
    if let note = trial.externalParameters["note"] { row["note"] = note.description }
    if let sd = trial.userAttributes[.valueSD]?.doubleValue { row["sd"] = bits(sd) }
    if let repeats = trial.userAttributes[.repeatValues]?.arrayValue {
        let doubles = repeats.compactMap { element -> Double? in
            if case .double(let value) = element { return value }
            return nil
        }
        row["repeats"] = doubles.map(bits).joined(separator: " ")
    }
    if let worker = trial.systemAttributes[.workerID]?.stringValue { row["worker"] = worker }
    row["steps"] = trial.intermediateValues.sorted { $0.key < $1.key }.map { "\($0.key):\(bits($0.value))" }
        .joined(separator: " ")
    if let start = trial.startDate { row["start"] = String(Int((start.timeIntervalSince1970 * 1e6).rounded())) }
    if let reason = trial.failReason { row["fail_reason"] = reason }
    return row
}

@Suite struct StudySnapshotExportTests {
    @Test func csvReadByPythonsCSVModuleEqualsTheStoredValuesToTheLastBit() throws {
        let study = try awkwardStudy()
        let stored = try study.trials().sorted { $0.number < $1.number }
        let path = try temporaryFile("trials.csv", try StudySnapshot(study: study).csv())
        let script =
            pythonPrelude + "\n" + """
                rows = {}
                with open(sys.argv[1], newline='') as f:
                    for r in csv.DictReader(f):
                        row = {'state': r['state']}
                        if r['value']: row['value'] = bits(r['value'])
                        if r['params_lr']: row['lr'] = bits(r['params_lr'])
                        if r['params_layers']: row['layers'] = r['params_layers']
                        if r['params_note']: row['note'] = r['params_note']
                        if r['user_attrs_value_sd']: row['sd'] = bits(r['user_attrs_value_sd'])
                        if r['user_attrs_repeat_values']:
                            row['repeats'] = ' '.join(bits(x) for x in json.loads(r['user_attrs_repeat_values'])
                                                      if not isinstance(x, str))
                        if r['system_attrs_worker_id']: row['worker'] = r['system_attrs_worker_id']
                        steps = json.loads(r['intermediate_values']) if r['intermediate_values'] else []
                        row['steps'] = ' '.join('%d:%s' % (s, bits(v)) for s, v in steps)
                        if r['datetime_start']: row['start'] = micros(r['datetime_start'])
                        if r['fail_reason']: row['fail_reason'] = r['fail_reason']
                        rows[r['number']] = row
                print(json.dumps(rows))
                """
        let read = try JSONDecoder().decode([String: [String: String]].self, from: try python(script, [path]))
        #expect(read.count == stored.count)
        for trial in stored {
            #expect(read[String(trial.number)] == expected(trial), "trial \(trial.number)")
        }
    }

    @Test func jsonReadByPythonsJSONModuleEqualsTheStoredValuesToTheLastBit() throws {
        let study = try awkwardStudy()
        let stored = try study.trials().sorted { $0.number < $1.number }
        let snapshot = try StudySnapshot(study: study)
        let path = try temporaryFile("study.json", String(decoding: try snapshot.jsonData(), as: UTF8.self))
        let script =
            pythonPrelude + "\n" + """
                study = json.load(open(sys.argv[1]))
                rows = {}
                for t in study['trials']:
                    p, u = t['parameters'], t['user_attributes']
                    row = {'state': t['state']}
                    if t['value'] is not None: row['value'] = bits(t['value'])
                    if 'lr' in p: row['lr'] = bits(p['lr'])
                    if 'layers' in p: row['layers'] = str(p['layers'])
                    if 'note' in p: row['note'] = p['note']
                    if 'value_sd' in u: row['sd'] = bits(u['value_sd'])
                    if 'repeat_values' in u:
                        row['repeats'] = ' '.join(bits(x) for x in u['repeat_values'] if not isinstance(x, str))
                    if 'worker_id' in t['system_attributes']: row['worker'] = t['system_attributes']['worker_id']
                    row['steps'] = ' '.join('%d:%s' % (i['step'], bits(i['value'])) for i in t['intermediate_values'])
                    if t['start']: row['start'] = micros(t['start'])
                    if t['fail_reason']: row['fail_reason'] = t['fail_reason']
                    rows[str(t['number'])] = row
                print(json.dumps({'name': study['name'], 'direction': study['direction'], 'rows': rows}))
                """
        struct Read: Decodable {
            var name: String
            var direction: String
            var rows: [String: [String: String]]
        }
        let read = try JSONDecoder().decode(Read.self, from: try python(script, [path]))
        #expect(read.name == study.name && read.direction == "minimize")
        #expect(read.rows.count == stored.count)
        for trial in stored {
            // JSONEncoder writes −0.0 as `-0`, which JSON readers take for the integer 0: the one value whose sign
            // the JSON export loses (the CSV keeps it).
            let negativeZero = bits(-0.0)
            let zero = bits(0.0)
            let want = expected(trial).mapValues { $0.replacingOccurrences(of: negativeZero, with: zero) }
            #expect(read.rows[String(trial.number)] == want, "trial \(trial.number)")
        }
        // And back in Swift: the same snapshot (but for the −0.0 that comes back as the integer 0).
        let decoded = try StudySnapshot.jsonDecoder().decode(StudySnapshot.self, from: try snapshot.jsonData())
        #expect(decoded.trials.map { $0.value } == snapshot.trials.map { $0.value })
        let attributes = snapshot.trials.prefix(5).map { $0.userAttributes }
        #expect(decoded.trials.prefix(5).map { $0.userAttributes } == attributes)
        #expect(decoded.trials.map { $0.intermediateValues } == snapshot.trials.map { $0.intermediateValues })
    }

    @Test func csvHasOptunasColumnsAndEmptyCellsForAbsentValues() throws {
        let csv = try StudySnapshot(study: try awkwardStudy()).csv()
        let header = try #require(csv.split(separator: "\n").first)
        #expect(
            header
                == "number,state,value,datetime_start,datetime_complete,duration_s,params_layers,params_lr,"
                + "params_note,user_attrs_repeat_values,user_attrs_value_sd,system_attrs_worker_id,"
                + "intermediate_values,fail_reason")
        #expect(csv.contains("\"diverged, \"\"badly\"\"\nat step 3\""))
        #expect(csv.contains(",5e-324,") && csv.contains(",-0.0,") && csv.contains(",0.30000000000000004,"))
    }
}

@Suite struct ISO8601TimestampTests {
    @Test func writesMicrosecondsInUTCAndReadsThemBack() throws {
        let date = Date(timeIntervalSince1970: 1_796_534_754.123456)
        let text = ISO8601Timestamp.string(from: date)
        #expect(text == "2026-12-06T05:25:54.123456Z")
        let read = try #require(ISO8601Timestamp.date(from: text))
        #expect(abs(read.timeIntervalSince(date)) < 1e-6)
        #expect(ISO8601Timestamp.date(from: "2026-12-06T06:25:54.123456+01:00") == read)
        #expect(ISO8601Timestamp.date(from: "2026-12-06T05:25:54Z") == Date(timeIntervalSince1970: 1_796_534_754))
        #expect(ISO8601Timestamp.date(from: "2026-12-06 05:25:54") == nil)
        #expect(ISO8601Timestamp.date(from: "2026-12-06T05:25:54.Z") == nil)
    }
}
