<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>InsightsWindow</name>
    <message><source>Insights</source><translation>统计</translation></message>
    <message><source>&amp;From</source><translation>从(&amp;F)</translation></message>
    <message><source>&amp;To</source><translation>到(&amp;T)</translation></message>
    <message><source>&amp;Library</source><translation>短语库(&amp;L)</translation></message>
    <message><source>&amp;Stale after (days)</source><translation>多少天未用算闲置(&amp;S)</translation></message>
    <message><source>All</source><translation>全部</translation></message>
    <message><source>Team</source><translation>团队</translation></message>
    <message><source>Personal</source><translation>私人</translation></message>
    <message><source>Products</source><translation>商品</translation></message>
    <message><source>Product</source><translation>商品</translation></message>
    <message><source>Deleted</source><translation>已删除</translation></message>
    <message><source>Export CSV…</source><translation>导出 CSV…</translation></message>
    <message><source>Export XLSX…</source><translation>导出 XLSX…</translation></message>
    <message><source>Move to 待清理 (selected, or all listed)</source><translation>移到“待清理”（选中的，未选则全部）</translation></message>
    <message><source>Uses per day</source><translation>每日使用</translation></message>
    <message><source>Top replies</source><translation>常用回复</translation></message>
    <message><source>Stale replies</source><translation>闲置回复</translation></message>
    <message><source>Popup → paste</source><translation>弹出→粘贴用时</translation></message>
    <message><source>Suggestion vs search</source><translation>建议与搜索</translation></message>
    <message><source>No-result searches</source><translation>无结果搜索</translation></message>
    <message><source>Seconds from popup to paste (median)</source><translation>弹出到粘贴的秒数（中位数）</translation></message>
    <message><source>Searches with no result</source><translation>无结果的搜索</translation></message>
    <message><source>How replies were found</source><translation>回复是怎么找到的</translation></message>
    <message><source>Typed search</source><translation>输入搜索</translation></message>
    <message><source>Suggestion</source><translation>建议回复</translation></message>
    <message><source>Link card</source><translation>链接卡片</translation></message>
    <message><source>Most-used list</source><translation>常用列表</translation></message>
    <message><source>never</source><translation>从未使用</translation></message>
    <message><source>Day</source><translation>日期</translation></message>
    <message><source>Uses</source><translation>次数</translation></message>
    <message><source>Reply</source><translation>回复</translation></message>
    <message><source>Library</source><translation>所属库</translation></message>
    <message><source>Last used</source><translation>最后使用</translation></message>
    <message><source>Median seconds</source><translation>中位秒数</translation></message>
    <message><source>Found by</source><translation>找到方式</translation></message>
    <message><source>Share</source><translation>占比</translation></message>
    <message><source>Searches</source><translation>搜索次数</translation></message>
    <message><source>Export figures</source><translation>导出统计</translation></message>
    <message><source>CSV (*.csv)</source><translation>CSV (*.csv)</translation></message>
    <message><source>Excel workbook (*.xlsx)</source><translation>Excel 工作簿 (*.xlsx)</translation></message>
    <message><source>%1 could not be written: %2</source><translation>无法写入 %1：%2</translation></message>
    <message><source>%1 replies moved to 待清理.</source><translation>已将 %1 条回复移到“待清理”。</translation></message>
    <message><source>%1 uses (%2 per day) · found by suggestion %3, by typed search %4 · first suggestion right %5 (%6 of %7) · %8 searches with no result · %9 stale replies</source><translation>共使用 %1 次（每天 %2 次）· 建议回复 %3，输入搜索 %4 · 首条建议命中 %5（%7 次中 %6 次）· 无结果搜索 %8 次 · 闲置回复 %9 条</translation></message>
    <message><source>Team figures unavailable: %1</source><translation>团队数据暂不可用：%1</translation></message>
    <message><source>Team uses per day</source><translation>团队每日使用</translation></message>
    <message><source>Uses per active day</source><translation>每个出勤日使用次数</translation></message>
    <message><source>Team per day</source><translation>团队每日</translation></message>
    <message><source>Team agents</source><translation>团队客服</translation></message>
    <message><source>Used by nobody</source><translation>无人使用</translation></message>
    <message><source>Team uses</source><translation>团队使用次数</translation></message>
    <message><source>By suggestion</source><translation>来自推荐</translation></message>
    <message><source>Agent</source><translation>客服</translation></message>
    <message><source>Active days</source><translation>出勤天数</translation></message>
    <message><source>Found by suggestion</source><translation>来自推荐占比</translation></message>
    <message><source>Id</source><translation>编号</translation></message>
</context>
</TS>
