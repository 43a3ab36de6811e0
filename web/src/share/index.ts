/** The share dialog and its pure builders (mounted by the planner view behind 分享/Share). */
export { ShareDialog, type ShareDialogProps } from './ShareDialog';
export { shareLink, embedUrl, iframeSnippet, parseSize } from './snippet';
