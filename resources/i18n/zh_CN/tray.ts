<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>TrayMenu</name>
    <message><source>Search</source><translation>搜索</translation></message>
    <message><source>Library</source><translation>短语库</translation></message>
    <message><source>Products</source><translation>商品</translation></message>
    <message><source>Insights</source><translation>统计</translation></message>
    <message><source>Settings</source><translation>设置</translation></message>
    <message><source>Sync</source><translation>同步状态</translation></message>
    <message><source>Reset team library from hub…</source><translation>从团队中心重新下载团队库…</translation></message>
    <message><source>Quit</source><translation>退出</translation></message>
</context>
<context>
    <name>Tray</name>
    <message><source>Sidekick quick replies</source><translation>Sidekick 快捷回复</translation></message>
    <message><source>Press %1 to search</source><translation>按 %1 搜索</translation></message>
</context>
<context>
    <name>TraylessWindow</name>
    <message><source>This desktop has no system tray, so Sidekick keeps this small window open. Closing it keeps Sidekick running; use Quit in the menu to stop it.</source><translation>当前桌面没有系统托盘，Sidekick 会保留这个小窗口。关闭窗口后 Sidekick 仍在运行；要退出请用菜单里的“退出”。</translation></message>
    <message><source>Search</source><translation>搜索</translation></message>
    <message><source>Menu</source><translation>菜单</translation></message>
</context>
<context>
    <!-- suggest mode -->
    <name>Tray</name>
    <message><source>Select a buyer's message and press %1 for suggestions</source><translation>选中买家消息后按 %1 获取建议回复</translation></message>
</context>
</TS>
