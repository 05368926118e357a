import Foundation

/// A line chart: one polyline with point markers per series, each point's 95 % interval as
/// an error bar, a y axis from zero (logarithmic instead when the values span more than two
/// decades), a linear or base-2 logarithmic x axis, labelled vertical markers, tick labels,
/// axis titles, a title and a legend.
struct LineChart {
    struct Series {
        var name: String
        var color: String
        /// Dashed lines mark reference series (the memory floor).
        var dashed = false
        var points: [(x: Double, y: Double)]
        /// Each point's interval, by x; a point without one draws no error bar.
        var intervals: [Double: (low: Double, high: Double)] = [:]
    }

    /// A labelled vertical line at `x`, e.g. where a memmap outgrows the last-level cache.
    struct Marker {
        var x: Double
        var label: String
        /// Dotted by default; another pattern (and colour) sets a second kind of marker apart.
        var dash = "3 3"
        var color = "#9a6b00"
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
    var markers: [Marker] = []
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
        // The plot keeps at least 560 px whatever the legend's width, and the chart grows to
        // hold a long legend rather than letting it run over the plot or off the bottom.
        let width = max(self.width, 78 + 560 + max(legend.width, 60) + 44)
        let height = max(self.height, 50 + 8 + Double(legend.entries.count) * ChartLegend.rowHeight + 30)
        let left = 78.0, top = 50.0, bottom = height - 62
        let right = width - max(legend.width, 60) - 44
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(title, x: width / 2, y: 28, size: 16, anchor: .middle, bold: true, cssClass: "chart-title")

        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { s in s.points.map(\.y) + s.intervals.values.flatMap { [$0.low, $0.high] } }
            .filter(\.isFinite)
        let x = ChartScale(kind: xScale, covering: xs, range: (left, right), maxTicks: 8)
        let y = ChartScale(kind: .forValues(series.flatMap { $0.points.map(\.y) }), covering: ys, range: (bottom, top),
                           maxTicks: 6, includeZero: true)

        // Grid and y ticks.
        for tick in y.ticks {
            let py = y.position(tick)
            canvas.line(x1: left, y1: py, x2: right, y2: py, stroke: "#e3e3e3")
            canvas.text(y.tickLabel(tick), x: left - 8, y: py + 4, size: 11, anchor: .end, cssClass: "y-tick")
        }
        // Markers inside the x domain; short labels, written upwards along the line.
        for marker in markers where marker.x.isFinite && marker.x >= x.domain.lo && marker.x <= x.domain.hi {
            let px = x.position(marker.x)
            canvas.line(x1: px, y1: top, x2: px, y2: bottom, stroke: marker.color, width: 1.2, dash: marker.dash)
            canvas.text(marker.label, x: px - 3, y: top + 4, size: 10, anchor: .end, rotate: -90, fill: marker.color,
                        cssClass: "marker")
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
        canvas.text(y.kind == .log10 ? yTitle + " (log scale)" : yTitle, x: 20, y: (top + bottom) / 2, size: 12,
                    anchor: .middle, rotate: -90, cssClass: y.kind == .log10 ? "y-title log-axis" : "y-title")

        if series.isEmpty {
            canvas.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle, fill: "#888")
        }
        for s in series {
            let pixels = s.points.map { (x: x.position($0.x), y: y.position($0.y)) }
            canvas.polyline(pixels, stroke: s.color, width: 2, dash: s.dashed ? Self.dashPattern : nil)
            for (point, pixel) in zip(s.points, pixels) {
                if let interval = s.intervals[point.x], interval.low.isFinite, interval.high.isFinite {
                    canvas.errorBar(x: pixel.x, y1: y.position(interval.low), y2: y.position(interval.high), cap: 6,
                                    stroke: s.color)
                }
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
