'use strict';
// The traces analysis/report/charts.py draws; add one here when charts.py uses a new one.
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap')]);
module.exports = Plotly;
