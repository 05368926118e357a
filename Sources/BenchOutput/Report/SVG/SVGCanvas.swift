import Foundation

/// A hand-written SVG document: a fixed-size canvas that shapes and text are appended to.
///
/// Only what the report's charts need. Every attribute value and text is escaped, so labels
/// taken from result files (layout names, workloads, notes) cannot break the XML.
struct SVGCanvas {
    enum Anchor: String {
        case start, middle, end
    }

    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A straight line. `dash` is an SVG `stroke-dasharray`, e.g. `6 4`.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil) {
        elements.append("<line x1=\"\(SVG.number(x1))\" y1=\"\(SVG.number(y1))\" x2=\"\(SVG.number(x2))\" "
                        + "y2=\"\(SVG.number(y2))\" stroke=\"\(SVG.escape(stroke))\" stroke-width=\"\(SVG.number(width))\""
                        + dashAttribute(dash) + "/>")
    }

    /// A vertical 95 % interval from `y1` to `y2` at `x`, with caps `cap` wide.
    mutating func errorBar(x: Double, y1: Double, y2: Double, cap: Double, stroke: String = "#222") {
        line(x1: x, y1: y1, x2: x, y2: y2, stroke: stroke, width: 1.2)
        line(x1: x - cap / 2, y1: y1, x2: x + cap / 2, y2: y1, stroke: stroke, width: 1.2)
        line(x1: x - cap / 2, y1: y2, x2: x + cap / 2, y2: y2, stroke: stroke, width: 1.2)
    }

    /// Connected line segments through `points`, in the given order.
    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2,
                           dash: String? = nil) {
        guard !points.isEmpty else { return }
        let list = points.map { "\(SVG.number($0.x)),\(SVG.number($0.y))" }.joined(separator: " ")
        elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(SVG.escape(stroke))\" "
                        + "stroke-width=\"\(SVG.number(width))\" stroke-linejoin=\"round\"" + dashAttribute(dash) + "/>")
    }

    /// A rectangle; `tooltip` becomes a `<title>` child, which viewers show on hover.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       opacity: Double = 1, stroke: String? = nil, tooltip: String? = nil, cssClass: String? = nil) {
        var attributes = "x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(max(0, width)))\" "
            + "height=\"\(SVG.number(max(0, height)))\" fill=\"\(SVG.escape(fill))\""
        if opacity < 1 { attributes += " fill-opacity=\"\(SVG.number(opacity))\"" }
        if let stroke { attributes += " stroke=\"\(SVG.escape(stroke))\"" }
        if let cssClass { attributes += " class=\"\(SVG.escape(cssClass))\"" }
        elements.append(element("rect", attributes, tooltip: tooltip))
    }

    /// A filled circle (a data point); `tooltip` as for `rect`.
    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
                         tooltip: String? = nil) {
        var attributes = "cx=\"\(SVG.number(cx))\" cy=\"\(SVG.number(cy))\" r=\"\(SVG.number(r))\" fill=\"\(SVG.escape(fill))\""
        if let stroke { attributes += " stroke=\"\(SVG.escape(stroke))\"" }
        elements.append(element("circle", attributes, tooltip: tooltip))
    }

    /// Text whose anchor point is (x, y) on the baseline; `rotate` in degrees around that point.
    mutating func text(_ text: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                       bold: Bool = false, rotate: Double? = nil, fill: String = "#222", cssClass: String? = nil) {
        var attributes = "x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" font-size=\"\(SVG.number(size))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let rotate { attributes += " transform=\"rotate(\(SVG.number(rotate)) \(SVG.number(x)) \(SVG.number(y)))\"" }
        if fill != "#222" { attributes += " fill=\"\(SVG.escape(fill))\"" }
        if let cssClass { attributes += " class=\"\(SVG.escape(cssClass))\"" }
        elements.append("<text \(attributes)>\(SVG.escape(text))</text>")
    }

    /// The whole document; `title` is the accessible name (`<title>`) and is not drawn.
    func document(title: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(height))\" "
        out += "viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<title>\(SVG.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(height))\" fill=\"#ffffff\"/>\n"
        for element in elements { out += element + "\n" }
        return out + "</svg>\n"
    }

    private func element(_ name: String, _ attributes: String, tooltip: String?) -> String {
        guard let tooltip else { return "<\(name) \(attributes)/>" }
        return "<\(name) \(attributes)><title>\(SVG.escape(tooltip))</title></\(name)>"
    }

    private func dashAttribute(_ dash: String?) -> String {
        dash.map { " stroke-dasharray=\"\(SVG.escape($0))\"" } ?? ""
    }
}

/// Number and text spelling inside SVG markup.
enum SVG {
    /// Coordinates: at most 2 decimals, trailing zeros dropped; never `nan` or `inf`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A data value in a label or tooltip: up to 6 significant digits (`%g`).
    static func value(_ value: Double) -> String {
        String(format: "%g", value)
    }

    /// Escapes the five XML special characters and drops control characters XML 1.0 forbids.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\r", "\t": out += " "
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Rough width of `text` in pixels at `size`, for layout decisions (no font metrics here).
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.58
    }
}
