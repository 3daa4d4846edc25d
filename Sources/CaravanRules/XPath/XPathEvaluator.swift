internal import CaravanModel
internal import CaravanXML

/// The variables of one evaluation (XPath 2.0 §2.1.2, in-scope variables), by slot.
final class XPathFrame {
  var slots: [XPathItem]
  init(count: Int) { slots = Array(repeating: .boolean(false), count: count) }
}

/// The focus: context item and context position (XPath 2.0 §2.1.2).
struct XPathFocus {
  var item: XPathItem
  var position: Int
}

/// Evaluates compiled expressions over one tree (XPath 2.0 §2.2.3.2, dynamic evaluation).
struct XPathEvaluator {
  let tree: XMLTree
  let frame: XPathFrame?
  /// The document's kept subexpression results, when the caller keeps them.
  var memo: XPathMemo? = nil

  typealias Visitor = (XPathItem) throws(XPathError) -> Bool

  // MARK: Sequences

  /// The value of `node`, in document order for nodes (§3.2).
  func evaluate(_ node: XPathNode, _ focus: XPathFocus) throws(XPathError) -> [XPathItem] {
    switch node {
    case .string(let s): return [.string(s)]
    case .decimal(let d): return [.decimal(d)]
    case .double(let d): return [.double(d)]
    case .variable(let slot): return [frame!.slots[slot]]
    case .contextItem: return [focus.item]
    case .childPath(let names):
      var result: [XPathItem] = []
      _ = try childPath(names, from: focus.item) { (item) throws(XPathError) in
        result.append(item)
        return true
      }
      return result
    case .root: return [.document]
    case .step(let step):
      var result: [XPathItem] = []
      _ = try walk(step, from: focus.item) { (item) throws(XPathError) in
        result.append(item)
        return true
      }
      return result
    case .steps(_, _, let flat):
      var result: [XPathItem] = []
      _ = try each(node, focus) { (item) throws(XPathError) in
        result.append(item)
        return true
      }
      return flat ? result : documentOrder(result)
    case .path(let left, let right, let flat):
      let contexts = try evaluate(left, focus)
      if contexts.count == 1 {
        guard contexts[0].isNode else { throw Self.notANode(contexts[0]) }
        return try evaluate(right, XPathFocus(item: contexts[0], position: 1))
      }
      var result: [XPathItem] = []
      var nodes = 0
      for (i, item) in contexts.enumerated() {
        guard item.isNode else { throw Self.notANode(item) }
        for r in try evaluate(right, XPathFocus(item: item, position: i + 1)) {
          if r.isNode { nodes += 1 }
          result.append(r)
        }
      }
      if nodes == 0 { return result }
      guard nodes == result.count else {
        throw XPathError(
          code: "XPTY0018", message: "the last step of a path returns both nodes and atomic values")
      }
      return flat ? result : documentOrder(result)
    case .filter(let base, let predicates):
      var items = try evaluate(base, focus)
      for p in predicates { items = try filter(items, p) }
      return items
    case .sequence(let parts):
      var result: [XPathItem] = []
      for p in parts { result += try evaluate(p, focus) }
      return result
    case .union(let a, let b):
      let all = try evaluate(a, focus) + evaluate(b, focus)
      guard all.allSatisfy(\.isNode) else {
        throw XPathError(code: "XPTY0004", message: "the operands of '|' must be nodes")
      }
      return documentOrder(all)
    case .call(let function, let arguments):
      return try call(function, arguments, focus)
    case .arithmetic(let op, let a, let b):
      guard let x = try optionalAtomic(a, focus), let y = try optionalAtomic(b, focus) else {
        return []
      }
      return [try XPathAtomic.arithmetic(op, x, y)]
    case .negate(let a):
      guard let x = try optionalAtomic(a, focus) else { return [] }
      return [try XPathAtomic.negate(x)]
    case .cast(let operand, let type, let allowsEmpty):
      let items = try evaluate(operand, focus)
      guard items.count == 1 else {
        if items.isEmpty && allowsEmpty { return [] }
        throw XPathError(
          code: "XPTY0004",
          message: items.isEmpty
            ? "an empty sequence cannot be cast"
            : "a sequence of \(items.count) items cannot be cast")
      }
      return [try cast(items[0], to: type)]
    case .or, .and, .general, .value, .quantified:
      return [.boolean(try isTrue(node, focus))]
    case .memo(let id, let inner):
      return try memoSequence(id, inner, focus)
    case .nodeMemo(_, let inner), .nameMemo(_, let inner):
      return try evaluate(inner, focus)
    case .nodeValue(let id, let inner):
      if let items = try nodeValue(id, inner, focus) { return items }
      return try evaluate(inner, focus)
    case .codeList(let list, let value):
      return [.boolean(try codeListContains(list, value, focus))]
    }
  }

  static func notANode(_ item: XPathItem) -> XPathError {
    XPathError(
      code: "XPTY0019", message: "a path step is applied to an atomic value, not to a node")
  }

  /// The index of `test`'s name in `tree.names`, or -1 when no element of the tree has it.
  @inline(__always)
  func index(of test: XPathNameTest) -> Int32 {
    if let memo { return memo.index(of: test, in: tree) }
    return test.index(in: tree)
  }

  /// Sorts nodes into document order and removes duplicates (§3.2, §3.3.3).
  func documentOrder(_ items: [XPathItem]) -> [XPathItem] {
    var sorted = true
    for i in items.indices.dropFirst() where !(items[i - 1].orderKey < items[i].orderKey) {
      sorted = false
      break
    }
    if sorted { return items }
    var result = items.sorted { $0.orderKey < $1.orderKey }
    var w = 1
    for r in 1..<result.count where result[r].orderKey != result[w - 1].orderKey {
      result[w] = result[r]
      w += 1
    }
    result.removeLast(result.count - w)
    return result
  }

  /// Applies one predicate (§3.2.2) to items in their order.
  func filter(_ items: [XPathItem], _ predicate: XPathPredicate) throws(XPathError) -> [XPathItem] {
    if let n = predicate.literalPosition { return n >= 1 && n <= items.count ? [items[n - 1]] : [] }
    var result: [XPathItem] = []
    for (i, item) in items.enumerated()
    where try accepts(predicate, XPathFocus(item: item, position: i + 1)) {
      result.append(item)
    }
    return result
  }

  /// True when the predicate holds for the focus: a numeric value is compared with the context
  /// position, anything else taken as its effective boolean value (§3.2.2).
  @inline(__always)
  func accepts(_ predicate: XPathPredicate, _ focus: XPathFocus) throws(XPathError) -> Bool {
    if let n = predicate.literalPosition { return focus.position == n }
    if predicate.isBoolean { return try isTrue(predicate.expression, focus) }
    let value = try evaluate(predicate.expression, focus)
    if value.count == 1 {
      switch value[0] {
      case .decimal(let d): return XPathAtomic.compare(d, DecimalNumber(focus.position)) == 0
      case .double(let d): return d == Double(focus.position)
      default: break
      }
    }
    return try XPathAtomic.effectiveBooleanValue(value)
  }

  // MARK: Streaming

  /// Visits the items of `node` without building the sequence, stopping when `visit` returns
  /// false; returns false when stopped. Nodes may come more than once, so this serves
  /// existence and existential comparisons only.
  func each(_ node: XPathNode, _ focus: XPathFocus, _ visit: Visitor) throws(XPathError) -> Bool {
    switch node {
    case .step(let step):
      return try walk(step, from: focus.item, visit)
    case .steps(let base, let steps, _):
      if selectsNothing(steps) {
        // Only the errors of the base remain to be raised.
        if base.selectsWithoutErrors { return true }
        return try each(base, focus) { (item) throws(XPathError) in
          guard item.isNode else { throw Self.notANode(item) }
          return true
        }
      }
      if case .contextItem = base { return try chain(steps, 0, focus.item, visit) }
      if case .root = base { return try chain(steps, 0, .document, visit) }
      return try each(base, focus) { (item) throws(XPathError) in
        guard item.isNode else { throw Self.notANode(item) }
        return try chain(steps, 0, item, visit)
      }
    case .path(let left, let right, _):
      var position = 0
      return try each(left, focus) { (item) throws(XPathError) in
        guard item.isNode else { throw Self.notANode(item) }
        position += 1
        return try each(right, XPathFocus(item: item, position: position), visit)
      }
    case .union(let a, let b):
      guard try each(a, focus, visit) else { return false }
      return try each(b, focus, visit)
    case .memo(let id, let inner): return try memoEach(id, inner, focus, visit)
    case .nodeMemo(_, let inner), .nameMemo(_, let inner): return try each(inner, focus, visit)
    case .nodeValue(let id, let inner):
      // A failed evaluation is streamed instead: a visitor that stops early may not meet the
      // error.
      let kept: [XPathItem]?
      do { kept = try nodeValue(id, inner, focus) } catch { return try each(inner, focus, visit) }
      guard let items = kept else { return try each(inner, focus, visit) }
      for item in items where !(try visit(item)) { return false }
      return true
    case .contextItem: return try visit(focus.item)
    case .childPath(let names): return try childPath(names, from: focus.item, visit)
    case .root: return try visit(.document)
    case .string(let s): return try visit(.string(s))
    case .variable(let slot): return try visit(frame!.slots[slot])
    case .decimal(let d): return try visit(.decimal(d))
    case .call(let function, let args):
      if let item = try single(function, args, focus) { return try visit(item) }
      for item in try evaluate(node, focus) where !(try visit(item)) { return false }
      return true
    default:
      for item in try evaluate(node, focus) where !(try visit(item)) { return false }
      return true
    }
  }

  /// Visits the nodes that steps `k…` select from `item`, depth-first; child steps without
  /// predicates are walked directly.
  func chain(_ steps: [XPathStep], _ k: Int, _ item: XPathItem, _ visit: Visitor)
    throws(XPathError) -> Bool
  {
    if k == steps.count { return try visit(item) }
    let step = steps[k]
    // `//@name`: the attributes of that name in a subtree, read in place.
    if step.axis == .descendantOrSelf, step.predicates.isEmpty, case .anyNode = step.test,
      k + 1 < steps.count, steps[k + 1].axis == .attribute, steps[k + 1].predicates.isEmpty,
      let name = steps[k + 1].name
    {
      var start = 0
      var end = tree.elementCount
      switch item {
      case .element(let e):
        start = e.offset
        end = tree.descendantsEnd(e)
      case .document: break
      default:
        return try walk(step, from: item) { (next) throws(XPathError) in
          try chain(steps, k + 1, next, visit)
        }
      }
      let local = name.local.utf8.count
      var i = start
      while i < end {
        let e = tree.element(atOffset: i)!
        i += 1
        guard tree.attributeCount(e) > 0 else { continue }
        let attributes = tree.attributes(e)
        for (n, a) in zip(0..., attributes)
        where a.name.local.utf8.count == local && name.matches(a.name) {
          if !(try chain(steps, k + 2, .attribute(e, n), visit)) { return false }
        }
      }
      return true
    }
    // Child and descendant steps with a name test and predicates that cannot select by
    // position: walked here, testing names as integers.
    if let name = step.name, step.axis == .child || step.axis == .descendant,
      step.predicates.isEmpty || step.predicates.allSatisfy(\.isBoolean)
    {
      let wanted = index(of: name)
      if wanted < 0 { return true }
      let predicates = step.predicates
      @inline(__always) func take(_ e: XMLTree.Element) throws(XPathError) -> Bool {
        let node = XPathItem.element(e)
        for p in predicates where try !isTrue(p.expression, XPathFocus(item: node, position: 1)) {
          return true
        }
        return try chain(steps, k + 1, node, visit)
      }
      if step.axis == .descendant {
        var start = 0
        var end = tree.elementCount
        switch item {
        case .element(let e):
          start = e.offset + 1
          end = tree.descendantsEnd(e)
        case .document: break
        default: return true
        }
        var i = start
        while i < end {
          let e = tree.element(atOffset: i)!
          if tree.nameIndex(e) == wanted, !(try take(e)) { return false }
          i += 1
        }
        return true
      }
      var c: XMLTree.Element?
      switch item {
      case .element(let e): c = tree.firstChild(e)
      case .document: c = tree.root
      default: return true
      }
      while let child = c {
        if tree.nameIndex(child) == wanted, !(try take(child)) { return false }
        if case .document = item { break }
        c = tree.nextSibling(child)
      }
      return true
    }
    return try walk(step, from: item) { (next) throws(XPathError) in
      try chain(steps, k + 1, next, visit)
    }
  }

  /// True when the chain certainly selects no node in this tree: a step before the first
  /// filtered one tests an element name that no element of the tree has. The steps before it
  /// select nodes without evaluating anything that could raise an error, so they need not be
  /// walked (`not((cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/…/x)` for an `x` the
  /// document lacks no longer walks every line).
  func selectsNothing(_ steps: [XPathStep]) -> Bool {
    for step in steps {
      if step.axis != .attribute, let name = step.name, index(of: name) < 0 { return true }
      if !step.predicates.isEmpty { return false }
    }
    return false
  }

  /// Visits, in document order, the elements that the child steps `names` select from `item`.
  func childPath(_ names: [XPathNameTest], from item: XPathItem, _ visit: Visitor)
    throws(XPathError) -> Bool
  {
    switch item {
    case .element(let e):
      if names.contains(where: { index(of: $0) < 0 }) { return true }
      return try children(names, 0, of: e, visit)
    case .document:
      let root = tree.root
      guard tree.nameIndex(root) == index(of: names[0]) else { return true }
      if names.count == 1 { return try visit(.element(root)) }
      return try children(names, 1, of: root, visit)
    default:
      return true
    }
  }

  private func children(
    _ names: [XPathNameTest], _ k: Int, of e: XMLTree.Element, _ visit: Visitor
  ) throws(XPathError) -> Bool {
    let wanted = index(of: names[k])
    let last = k + 1 == names.count
    var c = tree.firstChild(e)
    while let child = c {
      if tree.nameIndex(child) == wanted {
        if last {
          if !(try visit(.element(child))) { return false }
        } else if !(try children(names, k + 1, of: child, visit)) {
          return false
        }
      }
      c = tree.nextSibling(child)
    }
    return true
  }

  /// True when the child steps `names` select at least one element from `item`.
  func hasChildPath(_ names: [XPathNameTest], from item: XPathItem) -> Bool {
    // The walk stops at the first element; only a visitor throws, and this one does not.
    let walkedToTheEnd = (try? childPath(names, from: item) { _ throws(XPathError) in false })
    return walkedToTheEnd == false
  }

  /// The one element the child steps `names` select from `item`, nil when they select none;
  /// more than one is a type error (XPTY0004) naming how many. Walked straight, without the
  /// general dispatch of ``each(_:_:_:)``: the argument of most string functions and
  /// comparisons (`normalize-space(cbc:ID)`).
  func onlyElement(ofChildPath names: [XPathNameTest], from item: XPathItem)
    throws(XPathError) -> XMLTree.Element?
  {
    var first: XMLTree.Element? = nil
    var count = 0
    _ = try childPath(names, from: item) { (next) throws(XPathError) in
      if case .element(let e) = next, first == nil { first = e }
      count += 1
      return count < 2
    }
    guard count > 1 else { return first }
    count = 0
    _ = try childPath(names, from: item) { _ throws(XPathError) in
      count += 1
      return true
    }
    throw Self.moreThanOne(count)
  }

  /// True when `node` yields at least one item.
  func exists(_ node: XPathNode, _ focus: XPathFocus) throws(XPathError) -> Bool {
    if case .childPath(let names) = node { return hasChildPath(names, from: focus.item) }
    var found = false
    _ = try each(node, focus) { _ throws(XPathError) in
      found = true
      return false
    }
    return found
  }

  // MARK: Axes

  /// Visits the nodes an axis step selects from `origin`, in document order, after its
  /// predicates (§3.2.1, §3.2.2).
  func walk(_ step: XPathStep, from origin: XPathItem, _ visit: Visitor) throws(XPathError) -> Bool
  {
    if step.predicates.isEmpty { return try candidates(step, origin, visit) }
    if step.axis.isReverse || step.predicates.count > 1 {
      var selected: [XPathItem] = []
      _ = try candidates(step, origin) { (item) throws(XPathError) in
        selected.append(item)
        return true
      }
      if step.axis.isReverse { selected.reverse() }
      for p in step.predicates { selected = try filter(selected, p) }
      if step.axis.isReverse { selected.reverse() }
      for item in selected where !(try visit(item)) { return false }
      return true
    }
    let predicate = step.predicates[0]
    var position = 0
    if let n = predicate.literalPosition {
      // Stop at the n-th candidate; only the visitor's answer says whether to go on.
      var goOn = true
      _ = try candidates(step, origin) { (item) throws(XPathError) in
        position += 1
        if position == n { goOn = try visit(item) }
        return position < n
      }
      return goOn
    }
    return try candidates(step, origin) { (item) throws(XPathError) in
      position += 1
      guard try accepts(predicate, XPathFocus(item: item, position: position)) else { return true }
      return try visit(item)
    }
  }

  /// Visits the nodes of the axis that pass the node test, in document order.
  func candidates(_ step: XPathStep, _ origin: XPathItem, _ visit: Visitor)
    throws(XPathError) -> Bool
  {
    if step.axis == .attribute {
      guard case .element(let e) = origin else { return true }
      let attributes = tree.attributes(e)
      for (n, a) in zip(0..., attributes) {
        switch step.test {
        case .anyNode, .anyName: break
        case .namespace(let uri): if a.name.namespace != uri { continue }
        case .name(let t): if !t.matches(a.name) { continue }
        }
        if !(try visit(.attribute(e, n))) { return false }
      }
      return true
    }
    // The name index to look for, -2 for any element, -3 for any node.
    var wanted: Int32 = -2
    var namespace: String? = nil
    switch step.test {
    case .anyNode: wanted = -3
    case .anyName: wanted = -2
    case .namespace(let uri): namespace = uri
    case .name(let t):
      wanted = index(of: t)
      if wanted < 0 { return true }  // no element of the tree has the name
    }
    @inline(__always) func passes(_ e: XMLTree.Element) -> Bool {
      if wanted >= 0 { return tree.nameIndex(e) == wanted }
      if let namespace { return tree.name(e).namespace == namespace }
      return true
    }
    let anyNode = wanted == -3
    switch step.axis {
    case .child:
      switch origin {
      case .element(let e):
        var c = tree.firstChild(e)
        while let child = c {
          if passes(child), !(try visit(.element(child))) { return false }
          c = tree.nextSibling(child)
        }
      case .document:
        if passes(tree.root) { return try visit(.element(tree.root)) }
      default: break
      }
    case .descendant, .descendantOrSelf:
      var start = 0
      var end = tree.elementCount
      switch origin {
      case .element(let e):
        if step.axis == .descendantOrSelf, passes(e), !(try visit(origin)) { return false }
        start = e.offset + 1
        end = tree.descendantsEnd(e)
      case .document:
        if step.axis == .descendantOrSelf, anyNode, !(try visit(origin)) { return false }
      case .attribute:
        if step.axis == .descendantOrSelf, anyNode {
          return try visit(origin)
        }
        return true
      default: return true
      }
      var i = start
      while i < end {
        let e = tree.element(atOffset: i)!
        if passes(e), !(try visit(.element(e))) { return false }
        i += 1
      }
    case .self:
      switch origin {
      case .element(let e): if passes(e) { return try visit(origin) }
      case .document: if anyNode { return try visit(origin) }
      case .attribute: if anyNode { return try visit(origin) }
      default: break
      }
    case .parent:
      switch origin {
      case .element(let e):
        if let p = tree.parent(e) {
          if passes(p) { return try visit(.element(p)) }
        } else if anyNode {
          return try visit(.document)
        }
      case .attribute(let e, _):
        if passes(e) { return try visit(.element(e)) }
      default: break
      }
    case .ancestor, .ancestorOrSelf:
      // Collected then visited in document order (outermost first).
      var chain: [XPathItem] = []
      var current: XMLTree.Element?
      switch origin {
      case .element(let e):
        if step.axis == .ancestorOrSelf, passes(e) { chain.append(origin) }
        current = tree.parent(e)
      case .attribute(let e, _):
        if step.axis == .ancestorOrSelf, anyNode { chain.append(origin) }
        current = e
      case .document:
        if step.axis == .ancestorOrSelf, anyNode { chain.append(origin) }
      default: break
      }
      if case .document = origin {
      } else {
        while let e = current {
          if passes(e) { chain.append(.element(e)) }
          current = tree.parent(e)
        }
        if anyNode { chain.append(.document) }
      }
      for item in chain.reversed() where !(try visit(item)) { return false }
    case .preceding:
      let e: XMLTree.Element
      switch origin {
      case .element(let x): e = x
      case .attribute(let x, _): e = x
      default: return true
      }
      // Elements before e that are not its ancestors.
      var ancestors = Set<Int>()
      var p = tree.parent(e)
      while let a = p {
        ancestors.insert(a.offset)
        p = tree.parent(a)
      }
      var i = 0
      while i < e.offset {
        let x = tree.element(atOffset: i)!
        if !ancestors.contains(i), passes(x), !(try visit(.element(x))) { return false }
        i += 1
      }
    case .following:
      let e: XMLTree.Element
      var start: Int
      switch origin {
      case .element(let x):
        e = x
        start = tree.descendantsEnd(e)
      case .attribute(let x, _):
        e = x
        start = e.offset + 1
      default: return true
      }
      while start < tree.elementCount {
        let x = tree.element(atOffset: start)!
        if passes(x), !(try visit(.element(x))) { return false }
        start += 1
      }
    case .precedingSibling:
      guard case .element(let e) = origin, let parent = tree.parent(e) else { return true }
      var c = tree.firstChild(parent)
      while let x = c, x != e {
        if passes(x), !(try visit(.element(x))) { return false }
        c = tree.nextSibling(x)
      }
    case .followingSibling:
      guard case .element(let e) = origin else { return true }
      var c = tree.nextSibling(e)
      while let x = c {
        if passes(x), !(try visit(.element(x))) { return false }
        c = tree.nextSibling(x)
      }
    case .attribute:
      break
    }
    return true
  }

  // MARK: Booleans

  /// The value of a call of one of the boolean functions (``XPathFunction/isBoolean``).
  func truth(_ function: XPathFunction, _ args: [XPathNode], _ focus: XPathFocus)
    throws(XPathError) -> Bool
  {
    switch function {
    case .not: try !isTrue(args[0], focus)
    case .exists: try exists(args[0], focus)
    case .empty: try !exists(args[0], focus)
    case .true: true
    case .false: false
    default: try isTrue(args[0], focus)  // boolean()
    }
  }

  /// The effective boolean value of `node` (§2.4.3), without building sequences where the
  /// expression allows.
  func isTrue(_ node: XPathNode, _ focus: XPathFocus) throws(XPathError) -> Bool {
    switch node {
    case .or(let a, let b):
      // As Saxon 12 evaluates `or`: an error in the first operand counts only when the
      // second is false (XPath 2.0 §2.3.4 leaves the order to the implementation).
      var saved: XPathError? = nil
      do {
        if try isTrue(a, focus) { return true }
      } catch {
        saved = error
      }
      if try isTrue(b, focus) { return true }
      if let saved { throw saved }
      return false
    case .and(let a, let b):
      // As Saxon 12 evaluates `and`: an error in the first operand counts only when the
      // second is true.
      var saved: XPathError? = nil
      do {
        if try !isTrue(a, focus) { return false }
      } catch {
        saved = error
      }
      if try !isTrue(b, focus) { return false }
      if let saved { throw saved }
      return true
    case .general(let op, let a, let b):
      return try generalComparison(op, a, b, focus)
    case .value(let op, let a, let b):
      guard let x = try optionalAtomic(a, focus), let y = try optionalAtomic(b, focus) else {
        return false
      }
      return try XPathAtomic.valueCompare(op, x, y)
    case .quantified(let every, let slot, let domain, let body):
      var result = every
      _ = try each(domain, focus) { (item) throws(XPathError) in
        frame!.slots[slot] = item
        let holds = try isTrue(body, focus)
        if holds != every {
          result = !every
          return false
        }
        return true
      }
      return result
    case .call(let function, let args) where function.isBoolean:
      return try truth(function, args, focus)
    case .memo(let id, let inner): return try memoTruth(id, inner, focus)
    case .nodeMemo(let id, let inner): return try nodeTruth(id, inner, focus)
    case .nameMemo(let id, let inner): return try nameTruth(id, inner, focus)
    case .nodeValue(let id, let inner):
      let kept: [XPathItem]?
      do { kept = try nodeValue(id, inner, focus) } catch { return try isTrue(inner, focus) }
      guard let items = kept else { return try isTrue(inner, focus) }
      return try XPathAtomic.effectiveBooleanValue(items)
    case .codeList(let list, let value): return try codeListContains(list, value, focus)
    case .childPath(let names):
      return hasChildPath(names, from: focus.item)
    case .step, .path, .steps, .union:
      // A node first decides; atomic values (a path ending in a function) need the rules.
      var first: XPathItem? = nil
      var count = 0
      _ = try each(node, focus) { (item) throws(XPathError) in
        count += 1
        if first == nil { first = item }
        return count < 2 && !item.isNode
      }
      guard let first else { return false }
      if first.isNode { return true }
      if count > 1 { return try XPathAtomic.effectiveBooleanValue(try evaluate(node, focus)) }
      return try XPathAtomic.effectiveBooleanValue([first])
    default:
      return try XPathAtomic.effectiveBooleanValue(try evaluate(node, focus))
    }
  }

  /// A general comparison (§3.5.2): true when some pair of atomized items compares true.
  ///
  /// As Saxon 12 evaluates it, an empty left operand makes the comparison false whatever the
  /// right operand would raise: `abs(xs:decimal(cbc:TaxAmount)) - 1 < round(…
  /// cac:TaxCategory/xs:decimal(cbc:Percent) …)` in BR-CO-17 is false, not an error, for a VAT
  /// breakdown with no tax amount and two categories. The right operand is still evaluated
  /// first, since an empty one spares the left; only when that fails is the left one looked at.
  func generalComparison(
    _ op: XPathComparison, _ a: XPathNode, _ b: XPathNode, _ focus: XPathFocus
  ) throws(XPathError) -> Bool {
    do {
      return try compareEach(op, a, b, focus)
    } catch {
      // With no item on the left, nothing was compared: the error came from the right.
      if try !exists(a, focus) { return false }
      throw error
    }
  }

  /// ``generalComparison(_:_:_:_:)`` with the right operand evaluated first.
  private func compareEach(
    _ op: XPathComparison, _ a: XPathNode, _ b: XPathNode, _ focus: XPathFocus
  ) throws(XPathError) -> Bool {
    // One atomic value on the right (a literal, a string function): no sequences to build.
    var one: XPathItem? = nil
    switch b {
    case .string(let s): one = .string(s)
    case .decimal(let d): one = .decimal(d)
    case .double(let d): one = .double(d)
    case .variable(let slot): one = frame!.slots[slot].isNode ? nil : frame!.slots[slot]
    case .call(let function, let args): one = try single(function, args, focus)
    default: break
    }
    if let y = one {
      // One value on the left too (`count(…)`, `string-length(…)`): compared directly.
      if case .call(let function, let args) = a, let x = try single(function, args, focus) {
        return try XPathAtomic.generalCompare(
          op, atomize(x), y, leftNode: x.owner, rightNode: nil)
      }
      var found = false
      func test(_ item: XPathItem) throws(XPathError) -> Bool {
        if try XPathAtomic.generalCompare(
          op, atomize(item), y, leftNode: item.owner, rightNode: nil)
        {
          found = true
          return false
        }
        return true
      }
      // The commonest left operand, `cbc:ID = 'S'`, is walked without the general dispatch.
      if case .childPath(let names) = a {
        _ = try childPath(names, from: focus.item, test)
      } else {
        _ = try each(a, focus, test)
      }
      return found
    }
    let right = try evaluate(b, focus)
    if right.isEmpty { return false }
    var rightAtoms: [(XPathItem, XMLTree.Element?)] = []
    rightAtoms.reserveCapacity(right.count)
    for item in right { rightAtoms.append((atomize(item), item.owner)) }
    var found = false
    _ = try each(a, focus) { (item) throws(XPathError) in
      let x = atomize(item)
      for (y, owner) in rightAtoms {
        if try XPathAtomic.generalCompare(op, x, y, leftNode: item.owner, rightNode: owner) {
          found = true
          return false
        }
      }
      return true
    }
    return found
  }

  /// `contains(' A B C ', concat(' ', value, ' '))`.
  func codeListContains(_ list: XPathCodeList, _ value: XPathNode, _ focus: XPathFocus)
    throws(XPathError) -> Bool
  {
    // concat() takes each argument as an optional atomic value, the empty sequence as "".
    guard let item = try optionalAtomic(value, focus) else { return list.contains("") }
    return list.contains(XPathAtomic.string(item))
  }

  // MARK: Atomization

  /// The typed value of an item (§2.4.2): nodes give `xs:untypedAtomic`.
  @inline(__always)
  func atomize(_ item: XPathItem) -> XPathItem {
    switch item {
    case .element(let e): return .untyped(stringValue(e))
    case .attribute(let e, let n):
      let attributes = tree.attributes(e)
      return .untyped(attributes[attributes.startIndex + n].value)
    case .document: return .untyped(stringValue(tree.root))
    default: return item
    }
  }

  /// The string value of an element: its text and that of its descendants, in document order.
  func stringValue(_ e: XMLTree.Element) -> String { tree.stringValue(e) }

  /// The string value of any item (`fn:string`).
  func string(_ item: XPathItem) -> String {
    XPathAtomic.string(atomize(item))
  }

  /// Zero or one atomized item; more is a type error (XPTY0004).
  func optionalAtomic(_ node: XPathNode, _ focus: XPathFocus) throws(XPathError) -> XPathItem? {
    switch node {
    case .decimal(let d): return .decimal(d)
    case .string(let s): return .string(s)
    case .childPath(let names):
      return try onlyElement(ofChildPath: names, from: focus.item).map { .untyped(stringValue($0)) }
    case .call(let function, let args):
      if let item = try single(function, args, focus) { return item }
    default: break
    }
    let items = try evaluate(node, focus)
    if items.isEmpty { return nil }
    guard items.count == 1 else { throw Self.moreThanOne(items.count) }
    return atomize(items[0])
  }

  /// Zero or one item, not atomized (so that an error can name the node).
  func optionalItem(_ node: XPathNode, _ focus: XPathFocus) throws(XPathError) -> XPathItem? {
    if case .childPath(let names) = node {
      return try onlyElement(ofChildPath: names, from: focus.item).map { .element($0) }
    }
    let items = try evaluate(node, focus)
    if items.isEmpty { return nil }
    guard items.count == 1 else { throw Self.moreThanOne(items.count) }
    return items[0]
  }

  static func moreThanOne(_ count: Int) -> XPathError {
    XPathError(
      code: "XPTY0004",
      message: "a sequence of more than one item (\(count)) is not allowed where one is expected")
  }

  /// Casts an item (atomized) to an atomic type (§3.10.2), naming the node on failure.
  func cast(_ item: XPathItem, to type: XPathAtomicType) throws(XPathError) -> XPathItem {
    do {
      return try XPathAtomic.cast(atomize(item), to: type)
    } catch {
      throw XPathError(code: error.code, message: error.message, node: error.node ?? item.owner)
    }
  }
}

extension XPathItem {
  /// True for element, attribute and document nodes.
  var isNode: Bool {
    switch self {
    case .element, .attribute, .document: true
    default: false
    }
  }

  /// The element a node is or belongs to.
  var owner: XMLTree.Element? {
    switch self {
    case .element(let e): e
    case .attribute(let e, _): e
    default: nil
    }
  }

  /// A key in document order: the document first, an element before its attributes.
  var orderKey: Int {
    switch self {
    case .document: -1
    case .element(let e): e.offset << 16
    case .attribute(let e, let n): e.offset << 16 | (n + 1)
    default: Int.max
    }
  }
}
