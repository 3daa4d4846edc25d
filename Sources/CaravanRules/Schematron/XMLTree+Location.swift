public import CaravanXML

extension XMLTree {
  /// The XPath of `element` in the form the official XSLT writes in SVRL `location`
  /// attributes (mode `schematron-get-full-path` of the ISO Schematron skeleton): each step is
  /// `*:local[namespace-uri()='uri']` (or the bare name for an element in no namespace)
  /// followed by its 1-based position among the preceding siblings of the same expanded name.
  ///
  ///     /*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]
  public func svrlLocation(_ element: Element) -> String {
    var steps: [String] = []
    var current: Element? = element
    while let e = current {
      let n = name(e)
      var position = 1
      if let parent = parent(e) {
        let index = nameIndex(e)
        for sibling in children(parent) {
          if sibling == e { break }
          if nameIndex(sibling) == index { position += 1 }
        }
      }
      if n.namespace.isEmpty {
        steps.append("/\(n.local)[\(position)]")
      } else {
        steps.append("/*:\(n.local)[namespace-uri()='\(n.namespace)'][\(position)]")
      }
      current = parent(e)
    }
    return steps.reversed().joined()
  }

  /// The XPath of the `index`-th attribute of `element` in the skeleton's full-path form (mode
  /// `schematron-get-full-path`): the element's path then `/@name` for an attribute in no
  /// namespace, or `/@*[local-name()='local' and namespace-uri()='uri']`.
  ///
  /// The official XSLT does not use this form in SVRL: its `location` of an attribute that a
  /// rule context matches is the attribute's value (no template of mode
  /// `schematron-select-full-path` matches attributes, so the built-in rule writes the value),
  /// and the engine reproduces that. No rule context of the 1.3.16 artefacts matches
  /// an attribute.
  public func svrlLocation(_ element: Element, attribute index: Int) -> String {
    let all = attributes(element)
    let attribute = all[all.startIndex + index]
    let base = svrlLocation(element)
    if attribute.name.namespace.isEmpty { return base + "/@" + attribute.name.local }
    return base
      + "/@*[local-name()='\(attribute.name.local)' and namespace-uri()='\(attribute.name.namespace)']"
  }
}
