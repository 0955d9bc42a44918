<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LibraryWindow</name>
    <message><source>Questions from chat records…</source><translation>从聊天记录发现问题…</translation></message>
    <message><source>Chat records to read</source><translation>选择聊天记录文件</translation></message>
</context>
<context>
    <name>MiningReviewDialog</name>
    <message><source>Questions from chat records</source><translation>从聊天记录发现问题</translation></message>
    <message><source>Reading chat records…</source><translation>正在读取聊天记录…</translation></message>
    <message><source>#</source><translation>#</translation></message>
    <message><source>Chats</source><translation>会话</translation></message>
    <message><source>Share</source><translation>占比</translation></message>
    <message><source>Question</source><translation>代表问题</translation></message>
    <message><source>Answered by</source><translation>已覆盖 / 缺口</translation></message>
    <message><source>New phrase (Ctrl+Enter)</source><translation>新建短语 (Ctrl+Enter)</translation></message>
    <message><source>Add questions to phrase (Ctrl+T)</source><translation>问法加到短语 (Ctrl+T)</translation></message>
    <message><source>Dismiss (Del)</source><translation>忽略 (Del)</translation></message>
    <message><source>Buyers ask</source><translation>买家问法</translation></message>
    <message><source>Proposed reply</source><translation>建议回复</translation></message>
    <message><source>Title</source><translation>标题</translation></message>
    <message><source>Category</source><translation>分类</translation></message>
    <message><source>Or add to</source><translation>或加到</translation></message>
    <message><source>Close</source><translation>关闭</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
    <message><source>%1 buyer questions. The library answers %2 of them; with the proposed replies accepted, %3.</source><translation>买家问题 %1 条，话术库已覆盖 %2；采纳建议回复后可达 %3。</translation></message>
    <message><source> %1 unreadable lines were skipped.</source><translation>另有 %1 行无法读取，已跳过。</translation></message>
    <message><source>(closing / thanks)</source><translation>（结束语/致谢）</translation></message>
    <message><source>(greeting)</source><translation>（问候）</translation></message>
    <message><source>GAP</source><translation>缺口</translation></message>
    <message><source>Create a category first: phrases live in categories.</source><translation>请先新建分类：短语需要放在分类里。</translation></message>
    <message><source>New phrase from chat records</source><translation>从聊天记录新建短语</translation></message>
    <message><source>Add buyer questions</source><translation>添加买家问法</translation></message>
</context>
</TS>
