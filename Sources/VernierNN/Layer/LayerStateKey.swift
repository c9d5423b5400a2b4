/// Identifies one non-trainable state tensor of one layer instance (for example the running mean of a
/// particular ``BatchNorm``).
///
/// Copies of a layer share its key, so an update recorded by a copy (the one a gradient closure receives) is
/// found again on the original by ``Layer/applyStateUpdates(from:)``.
///
/// ```swift
/// let key = LayerStateKey(owner: token, slot: 0)
/// ```
public struct LayerStateKey: Hashable, Sendable {
    /// The identity of the layer instance (shared by its copies).
    public let owner: LayerIdentity
    /// Which of the layer's state tensors (0, 1, … in visiting order).
    public let slot: Int

    /// Creates a key for state tensor `slot` of the layer identified by `owner`.
    public init(owner: LayerIdentity, slot: Int) {
        self.owner = owner
        self.slot = slot
    }
}

/// A unique identity for a layer instance, shared by its copies (a reference token compared by identity).
///
/// ```swift
/// let identity = LayerIdentity()
/// identity == identity   // true; another LayerIdentity() is different
/// ```
public final class LayerIdentity: Hashable, Sendable {
    /// Creates a new, unique identity.
    public init() {}

    /// Identities are equal only when they are the same object.
    public static func == (lhs: LayerIdentity, rhs: LayerIdentity) -> Bool { lhs === rhs }

    /// Hashes the object identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
