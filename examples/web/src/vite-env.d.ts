/** Vite's `?url` imports (the page's tsconfig does not load vite/client's types). */
declare module '*?url' {
  const url: string;
  export default url;
}
