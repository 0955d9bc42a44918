<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message><source>Usage statistics cleared.</source><translation>使用统计已清除。</translation></message>
    <message><source>Sidekick's hotkey does not work: %1</source><translation>Sidekick 的快捷键无法使用：%1</translation></message>
    <message><source>Receiving the team library from the team hub…</source><translation>正在从团队中心接收团队短语库…</translation></message>
    <message><source>Reset team library</source><translation>重新下载团队库</translation></message>
    <message><source>Discard the team library, products and unpublished team edits on this computer and download the hub's copy? A backup is made first.</source><translation>要丢弃本机的团队短语库、商品和未发布的团队修改，并下载团队中心的版本吗？会先做备份。</translation></message>
</context>
<context>
    <name>Paster</name>
    <message><source>No window to paste into: the reply is on the clipboard, paste it yourself.</source><translation>没有可以粘贴的窗口：回复已复制到剪贴板，请手动粘贴。</translation></message>
    <message><source>Focus moved to another window, so nothing was pasted: the reply is on the clipboard, paste it yourself.</source><translation>焦点已切换到其他窗口，所以没有粘贴：回复已复制到剪贴板，请手动粘贴。</translation></message>
    <message><source>The chat window did not take the paste: the reply is on the clipboard, paste it yourself.</source><translation>聊天窗口没有接收粘贴：回复已复制到剪贴板，请手动粘贴。</translation></message>
</context>
<context>
    <name>Controller</name>
    <message><source>Copied: paste it where you need it.</source><translation>已复制，可粘贴到需要的地方。</translation></message>
    <message><source>This item was deleted meanwhile: nothing was pasted.</source><translation>这一条刚被删除，没有粘贴。</translation></message>
    <message><source>Nothing was pasted: this reply names a product. Open the product's card with Tab in the popup first, copy its link, or pick it in the form.</source><translation>没有粘贴：这条回复要用到商品信息。请先在弹窗里对商品按 Tab 打开卡片、复制商品链接，或在表单里选择商品。</translation></message>
    <message><source>Nothing was pasted.</source><translation>没有粘贴。</translation></message>
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
