/// One field of a descriptor at a fixed byte offset, as pahole would print it.
///
/// Descriptors live in mmap'd memory and are read through raw pointers at these offsets,
/// so the offsets *are* the layout: `describe` prints the same values the code uses.
public struct Field<Value: BitwiseCopyable> {
    public let name: String
    public let offset: Int

    @inline(__always)
    public init(_ name: String, _ offset: Int) {
        self.name = name
        self.offset = offset
    }

    public var size: Int { MemoryLayout<Value>.size }

    @inline(__always)
    public func load(_ base: UnsafeRawPointer) -> Value {
        base.load(fromByteOffset: offset, as: Value.self)
    }

    @inline(__always)
    public func store(_ value: Value, _ base: UnsafeMutableRawPointer) {
        base.storeBytes(of: value, toByteOffset: offset, as: Value.self)
    }

    @inline(__always)
    public func address(_ base: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        base + offset
    }

    public var described: FieldDescription { FieldDescription(name: name, offset: offset, size: size) }
}

/// A row of `benchmarks describe`.
public struct FieldDescription: Equatable, Sendable {
    public let name: String
    public let offset: Int
    public let size: Int

    public init(name: String, offset: Int, size: Int) {
        self.name = name
        self.offset = offset
        self.size = size
    }
}

/// A descriptor struct as `describe` prints it. Union members share an offset and are listed
/// one after the other, as pahole does.
public struct StructDescription: Sendable {
    public let name: String
    public let size: Int
    /// Where the struct lives: in the memmap (per page) or allocated from a slab cache.
    public let placement: String
    public let fields: [FieldDescription]

    public init(name: String, size: Int, placement: String, fields: [FieldDescription]) {
        self.name = name
        self.size = size
        self.placement = placement
        self.fields = fields
    }
}
