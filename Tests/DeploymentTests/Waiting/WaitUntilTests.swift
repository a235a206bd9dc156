import Deployment
import Foundation
import Synchronization
import Testing

@Suite struct WaitUntilTests {
    @Test func returnsTrueAsSoonAsTheConditionHolds() {
        let calls = Atomic<Int>(0)
        let start = ContinuousClock.now

        let result = waitUntil(deadline: .now + .seconds(10), poll: .milliseconds(5)) {
            calls.add(1, ordering: .relaxed).newValue >= 3
        }

        #expect(result)
        #expect(calls.load(ordering: .relaxed) == 3)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func returnsFalseOnceTheDeadlinePasses() {
        let start = ContinuousClock.now

        let result = waitUntil(deadline: .now + .milliseconds(150), poll: .milliseconds(20)) { false }

        let elapsed = ContinuousClock.now - start
        #expect(!result)
        #expect(elapsed >= .milliseconds(150))
        #expect(elapsed < .seconds(5))
    }

    @Test func evaluatesTheConditionOnceEvenWhenTheDeadlineHasPassed() {
        let calls = Atomic<Int>(0)

        let result = waitUntil(deadline: .now - .seconds(1)) {
            calls.add(1, ordering: .relaxed)
            return true
        }

        #expect(result)
        #expect(calls.load(ordering: .relaxed) == 1)
    }

    @Test func asyncVariantWaitsForAConditionMadeTrueElsewhere() async {
        let flag = Atomic<Bool>(false)
        let setter = Task {
            try? await Task.sleep(for: .milliseconds(30))
            flag.store(true, ordering: .relaxed)
        }

        let result = await waitUntil(deadline: .now + .seconds(10), poll: .milliseconds(5)) { () async in
            flag.load(ordering: .relaxed)
        }

        await setter.value
        #expect(result)
    }
}
