/*
 * newsframe.js draws the charts of a newsframe report page.
 *
 * Each chart is a <div data-chart="ID"> and its ECharts option sits in a
 * <script type="application/json" id="ID"> element written by the Go
 * package newsframe/reports. Options are plain JSON (nothing in them is
 * evaluated); the few functions ECharts needs are named in the option
 * ("nf:tip") and looked up here. Every piece of text that reaches HTML
 * (tooltips) is escaped with echarts.format.encodeHTML; text drawn on the
 * canvas is never parsed as HTML.
 *
 * The page loads nothing else: no network request is made.
 */
(function () {
  'use strict';

  if (typeof echarts === 'undefined') {
    return;
  }

  var encode = echarts.format.encodeHTML;

  function textHTML(s) {
    return encode(String(s)).replace(/\n/g, '<br>');
  }

  function formatValue(v) {
    if (Array.isArray(v)) {
      return v.map(formatValue).join(', ');
    }
    if (typeof v === 'number') {
      return String(Math.round(v * 1000) / 1000);
    }
    return v == null ? '' : String(v);
  }

  // tip is the tooltip formatter: the data item's own "tip" text (plain
  // text written by Go), escaped here, else "name: value".
  function tip(p) {
    if (Array.isArray(p)) {
      var lines = [];
      if (p.length) {
        lines.push(encode(String(p[0].axisValueLabel != null ? p[0].axisValueLabel : p[0].name)));
      }
      p.forEach(function (q) {
        var d = q.data;
        // A null item is a bucket without data (a gap in a time series).
        var t = d == null ? q.seriesName + ': no data'
          : d.tip != null ? d.tip : q.seriesName + ': ' + formatValue(q.value);
        // q.marker is ECharts' own colour swatch (HTML built from our colours).
        lines.push(q.marker + textHTML(t));
      });
      return lines.join('<br>');
    }
    var d = p.data;
    if (d && d.tip != null) {
      return textHTML(d.tip);
    }
    if (p.dataType === 'edge' && d) {
      return encode(String(d.source)) + ' – ' + encode(String(d.target));
    }
    return encode(String(p.name != null ? p.name : '')) + ': ' + encode(formatValue(p.value));
  }

  // label is a label formatter: the data item's "label" text, drawn on the
  // canvas.
  function label(p) {
    var d = p.data;
    return d && d.label != null ? String(d.label) : '';
  }

  // ci draws a mean with its interval whiskers. Data value:
  // [category, mean, lo, hi, slot, slots, horizontal (0/1), sparse (0/1)].
  // A sparse estimate is drawn hollow with dashed whiskers.
  function ci(params, api) {

    var cat = api.value(0);
    var mean = api.value(1);
    var lo = api.value(2);
    var hi = api.value(3);
    var slot = api.value(4) || 0;
    var slots = api.value(5) || 1;
    var horizontal = api.value(6) === 1;
    var sparse = api.value(7) === 1;
    if (isNaN(mean)) {
      return null;
    }
    var band = horizontal ? api.size([0, 1])[1] : api.size([1, 0])[0];
    var offset = (slot - (slots - 1) / 2) * band / (slots + 1);
    var color = api.visual('color');
    function at(v) {
      var c = horizontal ? api.coord([v, cat]) : api.coord([cat, v]);
      if (horizontal) {
        c[1] += offset;
      } else {
        c[0] += offset;
      }
      return c;
    }
    var w = Math.max(3, Math.min(7, band / (slots + 1) / 3));
    function cap(p) {
      return horizontal
        ? { x1: p[0], y1: p[1] - w, x2: p[0], y2: p[1] + w }
        : { x1: p[0] - w, y1: p[1], x2: p[0] + w, y2: p[1] };
    }
    var style = { stroke: color, lineWidth: 1.5 };
    if (sparse) {
      style.lineDash = [3, 3];
    }
    // A whisker past the plot (a t-interval of two articles can pass
    // ±1) stops at its edge, without a cap there.
    var box = params.coordSys;
    function inside(c) {
      if (!box) {
        return true;
      }
      var x = Math.min(Math.max(c[0], box.x), box.x + box.width);
      var y = Math.min(Math.max(c[1], box.y), box.y + box.height);
      var same = x === c[0] && y === c[1];
      c[0] = x;
      c[1] = y;
      return same;
    }
    var m = at(mean);
    var children = [];
    if (!isNaN(lo) && !isNaN(hi)) {
      var a = at(lo);
      var b = at(hi);
      var capA = inside(a);
      var capB = inside(b);
      children.push({ type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: style });
      if (capA) {
        children.push({ type: 'line', shape: cap(a), style: style });
      }
      if (capB) {
        children.push({ type: 'line', shape: cap(b), style: style });
      }
    }
    children.push({
      type: 'circle',
      shape: { cx: m[0], cy: m[1], r: 4.5 },
      style: { fill: sparse ? '#ffffff' : color, stroke: color, lineWidth: 1.5 }
    });
    return { type: 'group', children: children };
  }

  // pct formats a share in [0, 1] as a percentage (axis labels).
  function pct(v) {
    return String(Math.round(v * 1000) / 10) + '%';
  }

  // hours formats a lag in hours as the Go side does: "5.5 h", "3.2 days".
  function hours(p) {
    var h = Array.isArray(p.value) ? p.value[0] : p.value;
    if (typeof h !== 'number') {
      return '';
    }
    if (Math.abs(h) < 48) {
      return h.toFixed(1) + ' h';
    }
    return (h / 24).toFixed(1) + ' days';
  }

  var named = { 'nf:tip': tip, 'nf:label': label, 'nf:ci': ci, 'nf:pct': pct, 'nf:hours': hours };

  // revive replaces named functions in the option. Only the keys
  // "formatter" and "renderItem" are looked at, and data arrays are not
  // walked, so no text from the corpus can select a function.
  function revive(o) {
    if (Array.isArray(o)) {
      o.forEach(revive);
      return;
    }
    if (!o || typeof o !== 'object') {
      return;
    }
    Object.keys(o).forEach(function (k) {
      var v = o[k];
      if ((k === 'formatter' || k === 'renderItem') && typeof v === 'string' &&
          Object.prototype.hasOwnProperty.call(named, v)) {
        o[k] = named[v];
      } else if (k !== 'data' && k !== 'links' && v && typeof v === 'object') {
        revive(v);
      }
    });
  }

  var charts = [];
  var nodes = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < nodes.length; i++) {
    var el = nodes[i];
    var src = document.getElementById(el.getAttribute('data-chart'));
    if (!src) {
      continue;
    }
    var option = JSON.parse(src.textContent);
    revive(option);
    // ECharts measures axis labels (to fit them in the grid) with the
    // axis label's own font, which does not inherit the option's
    // textStyle: set it, or long labels are measured in the default
    // sans-serif and drawn wider, past the chart's edge.
    var font = option.textStyle && option.textStyle.fontFamily;
    if (font) {
      ['xAxis', 'yAxis'].forEach(function (k) {
        [].concat(option[k] || []).forEach(function (axis) {
          if (axis && typeof axis === 'object') {
            axis.axisLabel = axis.axisLabel || {};
            if (axis.axisLabel.fontFamily == null) {
              axis.axisLabel.fontFamily = font;
            }
          }
        });
      });
    }
    // Whiskers draw above boxes and bars (go-echarts has no z field).
    (option.series || []).forEach(function (s) {
      if (s.type === 'custom' && s.z == null) {
        s.z = 5;
      }
    });
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    charts.push(chart);
  }

  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      charts.forEach(function (c) { c.resize(); });
    });
  });

  // Exposed for the browser tests, which open every tooltip.
  window.newsframe = { charts: charts };
})();
