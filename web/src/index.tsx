// Placeholder entry; replaced by the index view.
document.getElementById('root')!.textContent = '上饶市绿色低碳发展地图 — index';
