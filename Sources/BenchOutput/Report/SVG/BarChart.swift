import Foundation

/// A grouped bar chart: groups along the x axis, bars side by side within a group, a y axis
/// from zero (logarithmic instead when the values span more than two decades), error bars
/// for bars with an interval, optional horizontal reference lines, tick labels, axis titles,
/// a title and a legend.
struct BarChart {
    struct Bar {
        /// nil (or not finite): no bar, the slot stays empty.
        var value: Double?
        var color: String
        /// Below 1 for the paler member of a pair (e.g. LL next to D1, floor next to layout).
        var opacity = 1.0
        /// What the bar is, for its tooltip, e.g. `twoword16`.
        var name: String
        /// The value's 95 % interval, drawn as an error bar; nil for exact values.
        var interval: (low: Double, high: Double)? = nil
    }

    struct Group {
        var label: String
        var bars: [Bar]
    }

    struct ReferenceLine {
        var value: Double
        var label: String
    }

    var title: String
    var xTitle: String
    var yTitle: String
    var groups: [Group]
    var legend: [ChartLegend.Entry]
    var referenceLines: [ReferenceLine] = []
    /// Spells values above bars and in tooltips; nil uses plain numbers.
    var valueLabel: ((Double) -> String)? = nil
    var height: Double = 440

    func svg() -> String {
        let slots = max(1, groups.map(\.bars.count).max() ?? 1)
        let totalBars = groups.count * slots
        let barWidth: Double = totalBars > 60 ? 12 : (totalBars > 30 ? 18 : 28)
        let gap = 22.0
        // Groups share the plot width evenly; a few groups get wider spacing, not a wider plot.
        let plotWidth = max(420, Double(groups.count) * (Double(slots) * barWidth + gap))
        let groupWidth = plotWidth / Double(max(1, groups.count))
        let legendBox = ChartLegend(entries: legend)

        // Long group labels are drawn slanted and need room below the axis.
        let longestLabel = groups.map { SVG.textWidth($0.label, size: 11) }.max() ?? 0
        let slanted = longestLabel > groupWidth - 4
        let labelRoom = slanted ? min(160, longestLabel * 0.6 + 12) : 18
        // A slanted first label reaches left of the plot by about its width × cos 35°.
        let firstLabel = groups.first.map { SVG.textWidth($0.label, size: 11) } ?? 0
        let left = slanted ? max(78, min(240, firstLabel * 0.82 - groupWidth / 2 + 12)) : 78.0, top = 50.0
        let right = left + plotWidth
        let width = right + max(legendBox.width, 60) + 24
        let height = self.height + (slanted ? labelRoom - 18 : 0)
        let bottom = height - 44 - labelRoom

        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(title, x: width / 2, y: 28, size: 16, anchor: .middle, bold: true, cssClass: "chart-title")

        let bars = groups.flatMap(\.bars).filter { $0.value?.isFinite ?? false }
        let points = bars.compactMap(\.value) + referenceLines.map(\.value).filter(\.isFinite)
        let values = points + bars.compactMap(\.interval).flatMap { [$0.low, $0.high] }.filter(\.isFinite)
        let y = ChartScale(kind: .forValues(points), covering: values, range: (bottom, top), maxTicks: 6, includeZero: true)
        for tick in y.ticks {
            let py = y.position(tick)
            canvas.line(x1: left, y1: py, x2: right, y2: py, stroke: "#e3e3e3")
            canvas.text(y.tickLabel(tick), x: left - 8, y: py + 4, size: 11, anchor: .end, cssClass: "y-tick")
        }

        let zero = y.position(y.base)
        let showValues = barWidth >= 28
        // Reference labels sit above their line at the right end; value labels that would
        // run into one are left out (the tooltip still has the value).
        let labelBoxes = referenceLines.filter(\.value.isFinite).map { line in
            let py = y.position(line.value)
            return (x: right - 8 - SVG.textWidth(line.label, size: 11), y: py - 17, width: SVG.textWidth(line.label, size: 11) + 8,
                    height: 15.0)
        }
        for (g, group) in groups.enumerated() {
            let groupLeft = left + Double(g) * groupWidth + (groupWidth - Double(slots) * barWidth) / 2
            let center = groupLeft + Double(slots) * barWidth / 2
            for (b, bar) in group.bars.enumerated() {
                guard let value = bar.value, value.isFinite else { continue }
                let x = groupLeft + Double(b) * barWidth + 1
                let py = y.position(value)
                let text = valueLabel?(value) ?? SVG.value(value)
                canvas.rect(x: x, y: min(py, zero), width: barWidth - 2, height: abs(zero - py), fill: bar.color,
                            opacity: bar.opacity, stroke: bar.opacity < 1 ? bar.color : nil,
                            tooltip: "\(group.label), \(bar.name): \(text)", cssClass: "bar")
                var labelTop = min(py, zero)
                if let interval = bar.interval, interval.low.isFinite, interval.high.isFinite {
                    let cx = x + (barWidth - 2) / 2, hi = y.position(interval.high), lo = y.position(interval.low)
                    canvas.errorBar(x: cx, y1: lo, y2: hi, cap: min(8, barWidth / 3))
                    labelTop = min(labelTop, hi)
                }
                let labelX = x + (barWidth - 2) / 2, labelY = labelTop - 3
                let labelWidth = SVG.textWidth(text, size: 9)
                let collides = labelBoxes.contains { box in
                    labelX + labelWidth / 2 > box.x && labelX - labelWidth / 2 < box.x + box.width
                        && labelY > box.y && labelY - 9 < box.y + box.height
                }
                if showValues && !collides {
                    canvas.text(text, x: labelX, y: labelY, size: 9, anchor: .middle,
                                fill: "#444", cssClass: "bar-value")
                }
            }
            canvas.line(x1: center, y1: bottom, x2: center, y2: bottom + 5, stroke: "#444")
            if slanted {
                canvas.text(group.label, x: center + 4, y: bottom + 14, size: 11, anchor: .end, rotate: -35,
                            cssClass: "x-tick")
            } else {
                canvas.text(group.label, x: center, y: bottom + 19, size: 11, anchor: .middle, cssClass: "x-tick")
            }
        }
        if groups.isEmpty {
            canvas.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle, fill: "#888")
        }

        for (line, box) in zip(referenceLines.filter(\.value.isFinite), labelBoxes) {
            let py = y.position(line.value)
            canvas.line(x1: left, y1: py, x2: right, y2: py, stroke: "#333", width: 1.5, dash: "8 4")
            canvas.rect(x: box.x, y: box.y, width: box.width, height: box.height, fill: "#ffffff", opacity: 0.85)
            canvas.text(line.label, x: right - 4, y: py - 5, size: 11, anchor: .end, fill: "#333",
                        cssClass: "reference-label")
        }

        canvas.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444")
        canvas.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444")
        canvas.text(xTitle, x: (left + right) / 2, y: height - 16, size: 12, anchor: .middle, cssClass: "x-title")
        canvas.text(y.kind == .log10 ? yTitle + " (log scale)" : yTitle, x: 20, y: (top + bottom) / 2, size: 12,
                    anchor: .middle, rotate: -90, cssClass: y.kind == .log10 ? "y-title log-axis" : "y-title")
        legendBox.draw(on: &canvas, x: right + 20, y: top + 8)
        return canvas.document(title: title)
    }
}
