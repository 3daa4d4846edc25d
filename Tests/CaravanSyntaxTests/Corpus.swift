import CaravanTestSupport

/// The official EN 16931 material (see ``EN16931Corpus``).
typealias Corpus = EN16931Corpus
