import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The signed-in portal. Public pages are rendered by the server and need no build.
export default defineConfig({
  root: 'src/web',
  base: '/portal/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/sign-out': 'http://localhost:3000', '/static': 'http://localhost:3000' },
  },
});
