/// Which claim of a trial a worker holds: the trial's release count when it was claimed.
///
/// A trial is claimed, may be released back to `waiting` (``TrialRelease``: a signal, an abandoned batch, or a
/// worker that stopped beating) and claimed again by someone else; every release counts up the trial's
/// ``TrialRelease/countKey``. So a claim still holds exactly while the trial is `running` with the release count it
/// had when it was claimed. ``Storage/finishTrial(trialID:state:value:failReason:claim:)`` checks that in the same
/// atomic step that finishes the trial, and throws ``StorageError/trialNoLongerHeld(trialID:)`` otherwise.
///
/// ```swift
/// let claimed = try storage.claimTrial(studyID: id, maxTrials: nil, createIfNoneWaiting: true)!
/// try storage.finishTrial(trialID: claimed.trialID, state: .complete, value: 0.5, failReason: nil,
///                         claim: TrialClaim(of: claimed))
/// ```
public struct TrialClaim: Sendable, Hashable {
    /// How many times the trial had gone back to waiting when it was claimed.
    public var releaseCount: Int

    /// A claim made after `releaseCount` releases.
    public init(releaseCount: Int) { self.releaseCount = releaseCount }

    /// The claim that `trial`, as ``Storage/claimTrial(studyID:maxTrials:createIfNoneWaiting:)`` returned it,
    /// stands for.
    public init(of trial: FrozenTrial) {
        self.releaseCount = trial.systemAttributes[TrialRelease.countKey]?.intValue ?? 0
    }
}
