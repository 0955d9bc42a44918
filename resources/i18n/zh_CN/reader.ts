<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!-- Messages of the file readers (sidekick/core/exchange): sidekick.core.messages.Message templates.
     One context, Messages, for every Message template: storage.ts and hub.ts add to it. -->
<context>
    <name>Messages</name>
    <message><source>%1: %2</source><translation>%1：%2</translation></message>
    <message><source>, </source><translation>，</translation></message>
    <message><source>row %1</source><translation>第 %1 行</translation></message>
    <message><source>input</source><translation>输入内容</translation></message>
    <message><source>line %1, column %2 (byte %3)</source><translation>第 %1 行第 %2 列（第 %3 个字节）</translation></message>
    <message><source>line %1, column %2</source><translation>第 %1 行第 %2 列</translation></message>
    <message><source>byte %1</source><translation>字节 %1</translation></message>
    <message><source>the end of the file</source><translation>文件末尾</translation></message>
    <message><source>%1 at %2 is not valid %3 text: the file is damaged; save it again as UTF-8 text</source><translation>%2 处的%1 不是有效的 %3 文本：文件已损坏，请重新保存为 UTF-8 文本</translation></message>
    <message><source>not readable as UTF-8 or GB18030/GBK text: %1</source><translation>无法按 UTF-8 或 GB18030/GBK 文本读取：%1</translation></message>
    <message><source>this is a binary file, not text (a NUL byte at %1); if it should be text, save it again as UTF-8</source><translation>这是二进制文件，不是文本（%1 有一个 NUL 字节）；如果它应该是文本，请重新保存为 UTF-8</translation></message>
    <message><source>this UTF-16 file has an odd number of bytes, so it ends in the middle of a character: it was cut off; save it again</source><translation>这个 UTF-16 文件的字节数是奇数，结尾断在一个字符中间：文件被截断了，请重新保存</translation></message>
    <message><source>the file is empty</source><translation>文件是空的</translation></message>
    <message><source>the file is %1 MB; files of this type are read whole and may be at most %2 MB: split it into smaller files</source><translation>文件有 %1 MB；这类文件要整个读入，最大 %2 MB：请拆分成较小的文件</translation></message>
    <message><source>a NUL character (byte 0) at %1: the file is damaged or not a text file; save it again as UTF-8 text</source><translation>%1 有一个 NUL 字符（字节 0）：文件已损坏或不是文本文件，请重新保存为 UTF-8 文本</translation></message>
    <message><source>%1 is negative</source><translation>%1 是负数</translation></message>
    <message><source>%1 is too large (at most %2)</source><translation>%1 太大（最大 %2）</translation></message>
    <message><source>%1 is not a number a price can have</source><translation>%1 不是有效的价格数字</translation></message>
    <message><source>%1 is too large (prices are below %2)</source><translation>%1 太大（价格须低于 %2）</translation></message>
    <message><source>%1 has more than %2 decimal places</source><translation>%1 的小数超过 %2 位</translation></message>
    <message><source>%1…(%2 characters)</source><translation>%1…（共 %2 个字符）</translation></message>
    <message><source>the document has more than %1 values; split the file</source><translation>文档的值超过 %1 个；请拆分文件</translation></message>
    <message><source>an alias at %1 refers to a node that contains it (a recursive alias)</source><translation>%1 的别名指向包含它自身的节点（递归别名）</translation></message>
    <message><source>the document uses %1 aliases (*name); Sidekick reads at most %2: write the values out</source><translation>文档用了 %1 个别名（*name）；Sidekick 最多读取 %2 个：请把值直接写出来</translation></message>
    <message><source>its aliases (*name, &lt;&lt;: merge keys) would expand to %1 values from %2; Sidekick allows aliases to add at most %3</source><translation>其中的别名（*name、&lt;&lt;: 合并键）会把 %2 个值展开成 %1 个；Sidekick 只允许别名增加最多 %3 个</translation></message>
    <message><source>an unknown place</source><translation>未知位置</translation></message>
    <message><source>invalid JSON at %1: %2</source><translation>JSON 格式错误（%1）：%2</translation></message>
    <message><source>the JSON is nested far more than %1 levels deep; it is not a file Sidekick or another tool writes</source><translation>JSON 的嵌套远超 %1 层；这不是 Sidekick 或其他工具会写出的文件</translation></message>
    <message><source>the JSON is nested more than %1 levels deep; it is not a file Sidekick or another tool writes</source><translation>JSON 的嵌套超过 %1 层；这不是 Sidekick 或其他工具会写出的文件</translation></message>
    <message><source>refused: %1</source><translation>已拒绝：%1</translation></message>
    <message><source>invalid YAML at %1: %2</source><translation>YAML 格式错误（%1）：%2</translation></message>
    <message><source>invalid YAML: %1</source><translation>YAML 格式错误：%1</translation></message>
    <message><source>invalid YAML value: %1</source><translation>YAML 中有无法读取的值：%1</translation></message>
    <message><source>not an Espanso match file (no 'matches' list)</source><translation>不是 Espanso 匹配文件（没有 'matches' 列表）</translation></message>
    <message><source>%1 MB</source><translation>%1 MB</translation></message>
    <message><source>not a complete XLSX workbook (%1); it may be truncated or damaged: save it again from Excel/WPS</source><translation>不是完整的 XLSX 工作簿（%1）；可能被截断或已损坏：请用 Excel/WPS 重新保存</translation></message>
    <message><source>the workbook has %1 parts; a spreadsheet Sidekick reads has at most %2</source><translation>工作簿有 %1 个部件；Sidekick 读取的表格最多 %2 个</translation></message>
    <message><source>the part %1 would unpack to %2 (at most %3); split the workbook</source><translation>部件 %1 解压后有 %2（最大 %3）；请拆分工作簿</translation></message>
    <message><source>the part %1 unpacks %2 times larger than it is stored (a zip bomb; real workbooks stay under %3×)</source><translation>部件 %1 解压后是压缩大小的 %2 倍（压缩炸弹；正常工作簿不超过 %3 倍）</translation></message>
    <message><source>the workbook would unpack to %1 (at most %2); split it</source><translation>工作簿解压后有 %1（最大 %2）；请拆分</translation></message>
    <message><source>the workbook is damaged or truncated (%1); save it again from Excel/WPS</source><translation>工作簿已损坏或被截断（%1）；请用 Excel/WPS 重新保存</translation></message>
    <message><source>the part %1 declares a %2 (XML entities can expand to gigabytes or read other files); Excel and WPS never write one: save the workbook again from Excel/WPS</source><translation>部件 %1 声明了 %2（XML 实体可能展开成数 GB 或读取其他文件）；Excel 和 WPS 从不写这种内容：请用 Excel/WPS 重新保存工作簿</translation></message>
    <message><source>the workbook has more than %1 shared texts; split it</source><translation>工作簿的共享文本超过 %1 条；请拆分</translation></message>
    <message><source>the sheet goes past row %1 (blank rows count); Sidekick reads at most that many rows per sheet: delete unused rows or split it</source><translation>工作表超过了第 %1 行（空行也计入）；Sidekick 每个工作表最多读取这么多行：请删除多余的行或拆分</translation></message>
    <message><source>refused at row %1: the sheet holds more than %2 cells (counting blank ones); delete unused rows and columns, or split it</source><translation>在第 %1 行被拒绝：工作表的单元格超过 %2 个（空单元格也计入）；请删除多余的行和列，或拆分</translation></message>
</context>
</TS>
