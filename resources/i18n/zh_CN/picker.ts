<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Picker</name>
    <message><source>Type Chinese, pinyin, initials or a code…</source><translation>输入中文、拼音、首字母或短码…</translation></message>
    <message><source>↵ Paste · Ctrl+↵ Paste and send · Alt+number · Esc Close</source><translation>↵ 粘贴 · Ctrl+↵ 粘贴并发送 · Alt+数字 · Esc 关闭</translation></message>
    <message><source>Tab card · Ctrl+R recommend</source><translation>Tab 卡片 · Ctrl+R 推荐</translation></message>
    <message><source>No matches</source><translation>没有匹配的结果</translation></message>
    <message><source>Most used</source><translation>常用</translation></message>
    <message><source>{count} found</source><translation>{count} 条结果</translation></message>
    <message><source>Choose a product: this reply names one. Tab on a product first, or pick it in the form after Enter.</source><translation>选择商品：这条回复要用到商品。请先对商品按 Tab，或回车后在表单里选择。</translation></message>
    <message><source>Product: %1</source><translation>商品：%1</translation></message>
    <message><source>{买家} stays empty: no rule in Settings reads the buyer's name from this chat window's title.</source><translation>{买家} 为空：设置里没有从这个聊天窗口标题读取买家昵称的规则。</translation></message>
    <message><source>PgUp/PgDn or Ctrl+↑/↓ scroll · Tab back · Ctrl+R recommend · Esc Close</source><translation>PgUp/PgDn 或 Ctrl+↑/↓ 滚动 · Tab 返回 · Ctrl+R 推荐 · Esc 关闭</translation></message>
</context>
<context>
    <name>HitDelegate</name>
    <message><source>Team</source><translation>团队</translation></message>
    <message><source>Personal</source><translation>个人</translation></message>
    <message><source>Product</source><translation>商品</translation></message>
</context>
<context>
    <name>ProductCard</name>
    <message><source>Ctrl+R recommend · Tab back to the reply</source><translation>Ctrl+R 推荐 · Tab 返回回复</translation></message>
</context>
<context>
    <!-- suggest mode -->
    <name>SuggestHeader</name>
    <message><source>%1 suggestions · type to narrow</source><translation>%1 条建议 · 输入文字可在其中筛选</translation></message>
    <message><source>(no message selected or copied)</source><translation>（没有选中或复制买家消息）</translation></message>
    <message><source>Nothing good to suggest for this message: type to search all phrases.</source><translation>这条消息没有把握的建议：输入文字搜索全部短语。</translation></message>
    <message><source>Preparing suggestions… type to search all phrases meanwhile.</source><translation>正在准备建议…… 可先输入文字搜索全部短语。</translation></message>
    <message><source>Suggestions</source><translation>建议</translation></message>
    <message><source>Why: %1</source><translation>依据：%1</translation></message>
</context>
</TS>
