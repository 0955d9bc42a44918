<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message><source>Sidekick's hotkey does not work: %1</source><translation>Sidekick 的快捷键无法使用：%1</translation></message>
</context>
<context>
    <name>Paster</name>
    <message><source>No window to paste into: the reply is on the clipboard, paste it yourself.</source><translation>没有可以粘贴的窗口：回复已复制到剪贴板，请手动粘贴。</translation></message>
    <message><source>Focus moved to another window, so nothing was pasted: the reply is on the clipboard, paste it yourself.</source><translation>焦点已切换到其他窗口，所以没有粘贴：回复已复制到剪贴板，请手动粘贴。</translation></message>
</context>
<context>
    <name>Controller</name>
    <message><source>Copied: paste it where you need it.</source><translation>已复制，可粘贴到需要的地方。</translation></message>
</context>
<context>
    <!-- suggest mode -->
    <name>App</name>
    <message><source>Suggest mode's hotkey does not work: %1</source><translation>建议模式的快捷键无法使用：%1</translation></message>
</context>
<context>
    <!-- suggest mode -->
    <name>SuggestController</name>
    <message><source>Suggestions are not available: %1</source><translation>暂时无法给出建议：%1</translation></message>
</context>
</TS>
