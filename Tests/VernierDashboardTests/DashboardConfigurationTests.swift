import Testing

@testable import VernierDashboard

@Test func defaultsBindLoopbackReadOnly() {
    let configuration = DashboardConfiguration()
    #expect(configuration.host == "127.0.0.1")
    #expect(configuration.port == 8080)
    #expect(!configuration.allowsDelete)
}
