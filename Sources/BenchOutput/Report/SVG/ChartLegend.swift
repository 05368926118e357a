/// The key to a chart's colours, drawn in a column to the right of the plot.
struct ChartLegend {
    enum Swatch {
        /// A line sample (optionally dashed) with a point marker, for line charts.
        case line(dashed: Bool)
        /// A filled box, for bar charts; `opacity` < 1 for the paler bars.
        case box(opacity: Double)
    }

    struct Entry {
        var label: String
        var color: String
        var swatch: Swatch
    }

    var entries: [Entry]

    /// Vertical distance between entries.
    static let rowHeight = 20.0

    /// Width the legend column needs.
    var width: Double {
        guard !entries.isEmpty else { return 0 }
        return 40 + (entries.map { SVG.textWidth($0.label, size: 12) }.max() ?? 0)
    }

    /// Draws the entries top-down from (x, y).
    func draw(on canvas: inout SVGCanvas, x: Double, y: Double) {
        for (i, entry) in entries.enumerated() {
            let rowY = y + Double(i) * Self.rowHeight
            switch entry.swatch {
            case .line(let dashed):
                canvas.line(x1: x, y1: rowY - 4, x2: x + 24, y2: rowY - 4, stroke: entry.color, width: 2,
                            dash: dashed ? LineChart.dashPattern : nil)
                canvas.circle(cx: x + 12, cy: rowY - 4, r: 3, fill: dashed ? "#ffffff" : entry.color,
                              stroke: dashed ? entry.color : nil)
            case .box(let opacity):
                canvas.rect(x: x + 4, y: rowY - 11, width: 16, height: 12, fill: entry.color, opacity: opacity,
                            stroke: opacity < 1 ? entry.color : nil, cssClass: "legend-swatch")
            }
            canvas.text(entry.label, x: x + 30, y: rowY, cssClass: "legend")
        }
    }
}

/// Colours for layouts: a fixed palette handed out in first-seen order, so a layout keeps
/// its colour in every chart of a report (and `legacy64`, usually first, is always blue).
struct LayoutColors {
    /// Tableau 10, distinct hues that stay distinguishable in print and for most colour
    /// blindness, then two darker ones so that all twelve layouts get a colour of their own.
    static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1",
        "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac",
        "#1b3a5c", "#7a4a00",
    ]

    private var colors: [String: String] = [:]
    private(set) var order: [String] = []

    init(layouts: [String]) {
        for layout in layouts where colors[layout] == nil {
            colors[layout] = Self.palette[order.count % Self.palette.count]
            order.append(layout)
        }
    }

    /// The layout's colour; a layout never seen gets neutral grey.
    func color(_ layout: String) -> String {
        colors[layout] ?? "#7f7f7f"
    }
}
