// Bundles entry.js the way plotly.js builds its own dist files (its esbuild-config.js),
// minified, with the version in a banner that analysis/report/html.py checks.
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { version } = require('plotly.js/package.json');

esbuild
    .build({
        entryPoints: ['./entry.js'],
        outfile: './plotly-report.min.js',
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        legalComments: 'none',
        banner: {
            js: `/*! plotly.js v${version} (core, bar, heatmap) | Copyright 2012-2026, Plotly, Inc. | MIT License | built by build.js */`,
        },
        plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
        alias: { stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
    })
    .catch(() => process.exit(1));
