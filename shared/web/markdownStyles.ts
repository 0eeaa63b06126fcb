/** How rendered article Markdown (shared/web/markdown.ts) looks inside an element of class `markdown`. */
export const markdownStyles = `
.markdown h3,.markdown h4,.markdown h5,.markdown h6{margin:12px 0 6px;font-weight:600;line-height:1.3}
.markdown h3{font-size:16px}.markdown h4{font-size:15px}.markdown h5,.markdown h6{font-size:14px}
.markdown ul,.markdown ol{margin:0 0 8px;padding-left:22px}
.markdown li{margin:2px 0}
.markdown blockquote{margin:0 0 8px;padding:2px 0 2px 10px;border-left:3px solid #c2d6ec;color:#525c69}
.markdown code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f4f6;border-radius:4px;padding:1px 4px}
.markdown pre{margin:0 0 8px;padding:8px 10px;background:#f1f4f6;border-radius:8px;overflow:auto;white-space:pre}
.markdown pre code{padding:0;background:none}
.markdown a{color:var(--accent)}
`;
