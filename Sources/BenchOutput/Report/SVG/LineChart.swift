import Foundation

/// A line chart: one polyline with point markers per series, linear y axis from zero,
/// linear or base-2 logarithmic x axis, tick labels, axis titles, a title and a legend.
struct LineChart {
    struct Series {
        var name: String
        var color: String
        /// Dashed lines mark reference series (the memory floor).
        var dashed = false
        var points: [(x: Double, y: Double)]
    }

    static let dashPattern = "6 4"

    var title: String
    var xTitle: String
    var yTitle: String
    var xScale: ChartScale.Kind = .linear
    /// Spells an x tick value (e.g. `ByteSize.format` for sizes); nil uses plain numbers.
    var xTickLabel: ((Double) -> String)? = nil
    /// Spells a y value in point tooltips; nil uses plain numbers.
    var yValueLabel: ((Double) -> String)? = nil
    var series: [Series]
    var width: Double = 780
    var height: Double = 440

    func svg() -> String {
        // Only points the axes can show: finite, and positive x on a log axis.
        let series = self.series.map { s in
            var copy = s
            copy.points = s.points
                .filter { $0.x.isFinite && $0.y.isFinite && (xScale == .linear || $0.x > 0) }
                .sorted { $0.x < $1.x }
            return copy
        }.filter { !$0.points.isEmpty }

        let legend = ChartLegend(entries: series.map { .init(label: $0.name, color: $0.color, swatch: .line(dashed: $0.dashed)) })
        let left = 78.0, top = 50.0, bottom = height - 62
        let right = width - max(legend.width, 60) - 24
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(title, x: width / 2, y: 28, size: 16, anchor: .middle, bold: true, cssClass: "chart-title")

        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) }
        let x = ChartScale(kind: xScale, covering: xs, range: (left, right), maxTicks: 8)
        let y = ChartScale(kind: .linear, covering: ys, range: (bottom, top), maxTicks: 6, includeZero: true)

        // Grid and y ticks.
        for tick in y.ticks {
            let py = y.position(tick)
            canvas.line(x1: left, y1: py, x2: right, y2: py, stroke: "#e3e3e3")
            canvas.text(ChartScale.tickLabel(tick, ticks: y.ticks), x: left - 8, y: py + 4, size: 11, anchor: .end,
                        cssClass: "y-tick")
        }
        // x ticks.
        for tick in x.ticks {
            let px = x.position(tick)
            canvas.line(x1: px, y1: top, x2: px, y2: bottom, stroke: "#f0f0f0")
            canvas.line(x1: px, y1: bottom, x2: px, y2: bottom + 5, stroke: "#444")
            let label = xTickLabel?(tick) ?? ChartScale.tickLabel(tick, ticks: x.ticks)
            canvas.text(label, x: px, y: bottom + 19, size: 11, anchor: .middle, cssClass: "x-tick")
        }
        // Axes and their titles.
        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444")
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444")
        canvas.text(xTitle, x: (left + right) / 2, y: height - 18, size: 12, anchor: .middle, cssClass: "x-title")
        canvas.text(yTitle, x: 20, y: (top + bottom) / 2, size: 12, anchor: .middle, rotate: -90, cssClass: "y-title")

        if series.isEmpty {
            canvas.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle, fill: "#888")
        }
        for s in series {
            let pixels = s.points.map { (x: x.position($0.x), y: y.position($0.y)) }
            canvas.polyline(pixels, stroke: s.color, width: 2, dash: s.dashed ? Self.dashPattern : nil)
            for (point, pixel) in zip(s.points, pixels) {
                let xText = xTickLabel?(point.x) ?? SVG.value(point.x)
                let yText = yValueLabel?(point.y) ?? SVG.value(point.y)
                canvas.circle(cx: pixel.x, cy: pixel.y, r: 3.5, fill: s.dashed ? "#ffffff" : s.color,
                              stroke: s.dashed ? s.color : nil, tooltip: "\(s.name) at \(xText): \(yText)")
            }
        }
        legend.draw(on: &canvas, x: right + 20, y: top + 8)
        return canvas.document(title: title)
    }
}
